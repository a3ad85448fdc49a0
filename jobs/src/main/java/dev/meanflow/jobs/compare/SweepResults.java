package dev.meanflow.jobs.compare;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.tables.KnobColumns;
import dev.meanflow.jobs.tables.Schemas;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * Reads the trials and their evaluations from the result tables through Delta Kernel, with no Spark session: one
 * small scan of each (a sweep has thousands of trials at most, times a few step counts), decoded through the knob
 * and metric registries. Evaluations of attempts that never landed are never matched.
 */
public final class SweepResults {
  private SweepResults() {}

  /** Every trial row under the store's root, or of one sweep when {@code sweep} is not null. */
  public static List<TrialOutcome> load(DeltaStore store, String sweep) {
    Map<String, SortedMap<Integer, MetricValues>> byAttempt = new HashMap<>();
    Map<String, SortedMap<Integer, MetricValues>> oraclesByAttempt = new HashMap<>();
    for (Row e : store.scan(Schemas.EVALS, Schemas.EVALS_SCHEMA, Optional.empty())) {
      if (sweep != null && !sweep.equals(e.getAs("sweep"))) {
        continue;
      }
      byAttempt.computeIfAbsent(e.getAs("attempt_id"), k -> new TreeMap<>())
          .put(e.getAs("steps"), values(e, Metric::column));
      oraclesByAttempt.computeIfAbsent(e.getAs("attempt_id"), k -> new TreeMap<>())
          .put(e.getAs("steps"), values(e, Schemas::oracleColumn));
    }
    List<TrialOutcome> outcomes = new ArrayList<>();
    for (Row t : store.scan(Schemas.TRIALS, Schemas.TRIALS_SCHEMA, Optional.empty())) {
      if (sweep == null || sweep.equals(t.getAs("sweep"))) {
        outcomes.add(new TrialOutcome(t, KnobColumns.decode(t, Knobs.REGISTRY),
            TrialStatus.valueOf(t.getAs("status")), byAttempt.getOrDefault(t.getAs("attempt_id"), new TreeMap<>()),
            oraclesByAttempt.getOrDefault(t.getAs("attempt_id"), new TreeMap<>())));
      }
    }
    return outcomes;
  }

  /** Each metric's value in the column {@code column} names for it, NaN where NULL. */
  private static MetricValues values(Row e, Function<Metric, String> column) {
    Map<Metric, Double> values = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      int i = e.fieldIndex(column.apply(metric));
      values.put(metric, e.isNullAt(i) ? Double.NaN : e.getDouble(i));
    }
    return new MetricValues(values);
  }

  /** The sweep names under the store's root, sorted. */
  public static List<String> sweeps(DeltaStore store) {
    return store.scan(Schemas.TRIALS, Schemas.project(Schemas.TRIALS_SCHEMA, "sweep"), Optional.empty()).stream()
        .map(r -> r.getString(0)).distinct().sorted().toList();
  }
}
