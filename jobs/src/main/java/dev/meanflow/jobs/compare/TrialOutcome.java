package dev.meanflow.jobs.compare;

import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialStatus;
import java.sql.Timestamp;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * One trial as a comparison reads it: its {@code trials} row, the spec decoded from that row through the knob
 * registry, its status, its metric values by step count and its oracle's (all NaN where it had none).
 */
public record TrialOutcome(Row row, TrialSpec spec, TrialStatus status, SortedMap<Integer, MetricValues> evals,
    SortedMap<Integer, MetricValues> oracles) {

  /** Without oracle values. */
  public TrialOutcome(Row row, TrialSpec spec, TrialStatus status, SortedMap<Integer, MetricValues> evals) {
    this(row, spec, status, evals, new TreeMap<>());
  }

  public String runId() {
    return row.getAs("run_id");
  }

  public String trialId() {
    return row.getAs("trial_id");
  }

  /** Null when the trial never reported (its Spark job failed). */
  public Timestamp finishedAt() {
    return row.getAs("finished_at");
  }
}
