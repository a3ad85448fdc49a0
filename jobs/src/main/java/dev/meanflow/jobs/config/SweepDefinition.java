package dev.meanflow.jobs.config;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.TrialSpec;
import java.util.List;

/** A validated sweep: its settings and the expanded, normalized, deduplicated trials in grid order. */
public record SweepDefinition(
    String name,
    int maxParallel,
    Fuse fuse,
    Metric summaryMetric,
    List<TrialSpec> trials) {

  public SweepDefinition {
    trials = List.copyOf(trials);
  }
}
