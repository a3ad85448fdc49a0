package dev.meanflow.jobs.compare;

import static org.apache.spark.sql.functions.col;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.tables.KnobColumns;
import dev.meanflow.jobs.tables.ResultTables;
import dev.meanflow.jobs.tables.Schemas;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the trials and their evaluations from the result tables: one small scan of each (a sweep has thousands of
 * trials at most, times a few step counts), decoded on the driver through the knob and metric registries.
 */
public final class SweepResults {
  private SweepResults() {}

  /** Every trial row under {@code root}, or of one sweep when {@code sweep} is not null. */
  public static List<TrialOutcome> load(SparkSession spark, String root, String sweep) {
    Dataset<Row> trials = ResultTables.read(spark, root, Schemas.TRIALS);
    Dataset<Row> evals = ResultTables.read(spark, root, Schemas.EVALS);
    if (sweep != null) {
      trials = trials.where(col("sweep").equalTo(sweep));
      evals = evals.where(col("sweep").equalTo(sweep));
    }
    List<Column> columns = new ArrayList<>(List.of(col("run_id"), col("trial_id"), col("steps")));
    for (Metric metric : Metric.values()) {
      columns.add(col(metric.column()));
    }
    Map<String, SortedMap<Integer, MetricValues>> byTrial = new HashMap<>();
    for (Row e : evals.select(columns.toArray(new Column[0])).collectAsList()) {
      Map<Metric, Double> values = new EnumMap<>(Metric.class);
      for (Metric metric : Metric.values()) {
        int i = e.fieldIndex(metric.column());
        values.put(metric, e.isNullAt(i) ? Double.NaN : e.getDouble(i));
      }
      byTrial.computeIfAbsent(key(e), k -> new TreeMap<>()).put(e.getInt(2), new MetricValues(values));
    }
    List<TrialOutcome> outcomes = new ArrayList<>();
    for (Row t : trials.collectAsList()) {
      outcomes.add(new TrialOutcome(t, KnobColumns.decode(t, Knobs.REGISTRY),
          TrialStatus.valueOf(t.getAs("status")), byTrial.getOrDefault(key(t), new TreeMap<>())));
    }
    return outcomes;
  }

  private static String key(Row row) {
    return row.getAs("run_id") + "/" + row.getAs("trial_id");
  }
}
