package dev.meanflow.jobs.config;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.tables.Metric;
import java.util.List;

/**
 * A validated sweep: its settings and the expanded, normalized, deduplicated trials in grid order.
 *
 * @param varying grid keys with more than one value (what tells configurations apart in summaries)
 */
public record SweepDefinition(
    String name,
    int flushTrials,
    int flushSeconds,
    int maxParallel,
    Metric summaryMetric,
    List<TrialSpec> trials,
    List<String> varying) {

  public SweepDefinition {
    trials = List.copyOf(trials);
    varying = List.copyOf(varying);
  }

}
