package dev.meanflow.jobs.config;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.search.Search;
import java.util.List;

/** A validated sweep: its settings and the expanded, normalized, deduplicated trials in grid order. */
public record SweepDefinition(
    String name,
    int maxParallel,
    Fuse fuse,
    Metric summaryMetric,
    Search search,
    List<TrialSpec> trials) {

  public SweepDefinition {
    trials = List.copyOf(trials);
  }
}
