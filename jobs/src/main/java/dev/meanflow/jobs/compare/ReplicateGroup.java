package dev.meanflow.jobs.compare;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.spec.TrialSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The OK trials of one configuration: they agree on every identity knob but the replicate ones (the seed). Holds
 * the mean and sd over those trials of every metric at every step count.
 */
public final class ReplicateGroup {
  private final TrialSpec configuration;
  private final List<TrialOutcome> trials;
  private final SortedMap<Integer, Map<Metric, SeedStats>> stats;
  private final SortedMap<Integer, Map<Metric, SeedStats>> oracles;

  ReplicateGroup(TrialSpec configuration, List<TrialOutcome> trials) {
    this.configuration = configuration;
    this.trials = List.copyOf(trials);
    this.stats = pooled(trials.stream().map(TrialOutcome::evals).toList());
    this.oracles = pooled(trials.stream().map(TrialOutcome::oracles).toList());
  }

  /** Per step count and metric, the statistics of the finite values over the trials. */
  private static SortedMap<Integer, Map<Metric, SeedStats>> pooled(List<SortedMap<Integer, MetricValues>> trials) {
    SortedMap<Integer, Map<Metric, List<Double>>> pooled = new TreeMap<>();
    for (SortedMap<Integer, MetricValues> trial : trials) {
      trial.forEach((steps, values) -> {
        Map<Metric, List<Double>> cell = pooled.computeIfAbsent(steps, k -> new EnumMap<>(Metric.class));
        values.finite().forEach((metric, v) -> cell.computeIfAbsent(metric, k -> new ArrayList<>()).add(v));
      });
    }
    SortedMap<Integer, Map<Metric, SeedStats>> stats = new TreeMap<>();
    pooled.forEach((steps, byMetric) -> {
      Map<Metric, SeedStats> s = new EnumMap<>(Metric.class);
      byMetric.forEach((metric, values) -> s.put(metric, SeedStats.of(values)));
      stats.put(steps, s);
    });
    return stats;
  }

  /** The spec every member shares, with the replicate knobs at their default. */
  public TrialSpec configuration() {
    return configuration;
  }

  public List<TrialOutcome> trials() {
    return trials;
  }

  public TargetKind target() {
    return configuration.get(Knobs.TARGET);
  }

  public Flow flow() {
    return configuration.get(Knobs.FLOW);
  }

  public Direction direction() {
    return configuration.get(Knobs.DIRECTION);
  }

  /** Step counts evaluated for any member, ascending. */
  public List<Integer> steps() {
    return List.copyOf(stats.keySet());
  }

  /** The metric over the members at {@code steps}, or null when no member has a finite value there. */
  public SeedStats stat(int steps, Metric metric) {
    Map<Metric, SeedStats> bySteps = stats.get(steps);
    return bySteps == null ? null : bySteps.get(metric);
  }

  /** The members' oracle value of the metric at {@code steps} (its floor), or null when none has one. */
  public SeedStats oracle(int steps, Metric metric) {
    Map<Metric, SeedStats> bySteps = oracles.get(steps);
    return bySteps == null ? null : bySteps.get(metric);
  }

  /** The metric's value at {@code steps} by seed, for the members that have a finite one. */
  public Map<Long, Double> bySeed(int steps, Metric metric) {
    Map<Long, Double> values = new TreeMap<>();
    for (TrialOutcome trial : trials) {
      MetricValues at = trial.evals().get(steps);
      if (at != null && Double.isFinite(at.get(metric))) {
        values.put(trial.spec().get(Knobs.SEED), at.get(metric));
      }
    }
    return values;
  }

  /** The trial whose samples represent the group: the lowest seed, so reruns pick the same one. */
  public TrialOutcome representative() {
    return trials.stream()
        .min(Comparator.comparingLong((TrialOutcome t) -> t.spec().get(Knobs.SEED)).thenComparing(TrialOutcome::runId))
        .orElseThrow();
  }
}
