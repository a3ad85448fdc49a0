package dev.meanflow.jobs.compare;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The one comparison of a sweep's results, shared by {@code meanflow summary}, the sweep's closing table and the
 * report: the latest row of each trial, OK trials grouped into configurations (replicates differ only in the seed),
 * the mean and sd of every metric over seeds, and configurations ranked in the metric's own direction.
 */
public final class Comparison {
  private final List<TrialOutcome> trials;
  private final List<ReplicateGroup> groups;

  private Comparison(List<TrialOutcome> trials, List<ReplicateGroup> groups) {
    this.trials = trials;
    this.groups = groups;
  }

  public static Comparison of(Collection<TrialOutcome> rows) {
    List<TrialOutcome> latest = latest(rows);
    Map<String, List<TrialOutcome>> byConfiguration = new LinkedHashMap<>();
    Map<String, TrialSpec> configurations = new LinkedHashMap<>();
    for (TrialOutcome trial : latest) {
      if (trial.status() == TrialStatus.OK) {
        TrialSpec configuration = configurationOf(trial.spec());
        byConfiguration.computeIfAbsent(configuration.id(), k -> new ArrayList<>()).add(trial);
        configurations.putIfAbsent(configuration.id(), configuration);
      }
    }
    List<ReplicateGroup> groups = new ArrayList<>();
    byConfiguration.forEach((id, members) -> groups.add(new ReplicateGroup(configurations.get(id), members)));
    return new Comparison(latest, List.copyOf(groups));
  }

  /** The spec with every knob that only tells replicates or runs apart (seed, device, threads) at its default. */
  public static TrialSpec configurationOf(TrialSpec spec) {
    TrialSpec.Builder b = spec.toBuilder();
    for (Knob<?> knob : spec.registry().knobs()) {
      if (knob.role() == Knob.Role.REPLICATE || !knob.identity()) {
        b.set(knob, null);
      }
    }
    return b.build();
  }

  /** Every trial once, as its latest row (a trial run again after a failure counts as its last run). */
  public List<TrialOutcome> trials() {
    return trials;
  }

  public List<ReplicateGroup> groups() {
    return groups;
  }

  /** The configurations among {@code among} with a value at {@code steps}, best mean first. */
  public List<ReplicateGroup> ranked(Predicate<ReplicateGroup> among, int steps, Metric metric) {
    Comparator<ReplicateGroup> ascending = Comparator.comparingDouble(g -> g.stat(steps, metric).mean());
    return groups.stream()
        .filter(among)
        .filter(g -> g.stat(steps, metric) != null)
        .sorted(metric.better() == Metric.Better.LOWER ? ascending : ascending.reversed())
        .toList();
  }

  public Optional<ReplicateGroup> best(Predicate<ReplicateGroup> among, int steps, Metric metric) {
    return ranked(among, steps, metric).stream().findFirst();
  }

  private static List<TrialOutcome> latest(Collection<TrialOutcome> rows) {
    Comparator<TrialOutcome> newer = Comparator
        .comparing(TrialOutcome::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(TrialOutcome::runId);
    Map<String, TrialOutcome> latest = new LinkedHashMap<>();
    for (TrialOutcome row : rows) {
      latest.merge(row.trialId(), row, (a, b) -> newer.compare(a, b) >= 0 ? a : b);
    }
    return latest.values().stream()
        .sorted(Comparator.comparing(TrialOutcome::runId).thenComparing(TrialOutcome::trialId))
        .toList();
  }
}
