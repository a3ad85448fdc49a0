package dev.meanflow.jobs.compare;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.tables.ExecutorInfo;
import dev.meanflow.jobs.tables.FusionPlace;
import dev.meanflow.jobs.tables.RunContext;
import dev.meanflow.jobs.tables.RungPlace;
import dev.meanflow.jobs.tables.Schemas;
import dev.meanflow.jobs.tables.TrialRowBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;

/** Trial outcomes for tests, their trials rows made by the real row builder (no Spark needed). */
public final class Outcomes {
  private Outcomes() {}

  /** A trial of {@code spec} with {@code metric} at each step count as given, finished at {@code finished}. */
  public static TrialOutcome of(TrialSpec spec, TrialStatus status, String runId, String finished, Metric metric,
      Map<Integer, Double> bySteps) {
    return of(spec, status, runId, finished, metric, bySteps, RungPlace.NONE, 10);
  }

  /** A trial of a halving search at {@code rung}, that trained until {@code iterationsDone}. */
  public static TrialOutcome of(TrialSpec spec, TrialStatus status, String runId, String finished, Metric metric,
      Map<Integer, Double> bySteps, RungPlace rung, int iterationsDone) {
    SortedMap<Integer, MetricValues> evals = new TreeMap<>();
    List<StepEvaluation> evaluations = new ArrayList<>();
    bySteps.forEach((steps, value) -> {
      Map<Metric, Double> values = new EnumMap<>(Metric.class);
      values.put(metric, value);
      evals.put(steps, new MetricValues(values));
      evaluations.add(new StepEvaluation(steps, evals.get(steps), 0.1, null));
    });
    TrialResult result = new TrialResult(spec, status, status == TrialStatus.OK ? null : "failed", "cpu",
        iterationsDone, 0.5,
        0.1, 1.0, 0.1, 10, List.of(), status == TrialStatus.OK ? evaluations : List.of());
    Instant end = Instant.parse(finished);
    Row row = TrialRowBuilder.rows(result, new RunContext("s", runId, "abc", "0.1.0", "0.36.0", "2.7.1", "4.2.0"),
        runId + "/1", new ExecutorInfo("h", "1", 1L, 0, null, "17", "amd64"), FusionPlace.alone(runId + "/1"), rung,
        end.minusSeconds(10), end).trial();
    Row withSchema = new GenericRowWithSchema(rowValues(row), Schemas.TRIALS_SCHEMA);
    return new TrialOutcome(withSchema, spec, status, status == TrialStatus.OK ? evals : new TreeMap<>());
  }

  private static Object[] rowValues(Row row) {
    Object[] values = new Object[row.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.get(i);
    }
    return values;
  }
}
