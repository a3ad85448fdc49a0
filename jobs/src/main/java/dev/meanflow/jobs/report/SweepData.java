package dev.meanflow.jobs.report;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.jobs.compare.Comparison;
import dev.meanflow.jobs.compare.ReplicateGroup;
import dev.meanflow.jobs.compare.SeedStats;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Everything the report draws, read from the result tables: trials (the latest row per trial id), replicate groups,
 * per-group metric statistics by step count, mean loss curves, one seed's kept samples, and ablation statistics.
 * In a halving sweep the groups hold the trials at their cells' full budgets, and {@code searches} how the search
 * got there.
 */
record SweepData(
    Comparison comparison,
    List<TrialRecord> trials,
    List<TrialGroup> groups,
    Map<String, LossCurve> losses,
    Map<String, SortedMap<Integer, float[]>> samples,
    List<AblationStat> ablations,
    List<SearchRungs> searches) {

  /** Mean loss over a group's seeds at each logged iteration. */
  record LossCurve(double[] iterations, double[] meanLoss) {}

  /** One bar of an ablation figure: an MF knob value, pooled over seeds and all other knobs. */
  record AblationStat(String target, String knob, String value, String direction, int steps, Metric metric,
      SeedStats stat) {}

  List<String> targets() {
    return List.copyOf(new TreeSet<>(groups.stream().map(TrialGroup::target).toList()));
  }

  List<TrialGroup> groups(String target) {
    return groups.stream().filter(g -> g.target().equals(target)).toList();
  }

  /** Step counts evaluated for any group of the target, ascending. */
  List<Integer> steps(String target) {
    TreeSet<Integer> steps = new TreeSet<>();
    for (TrialGroup group : groups(target)) {
      steps.addAll(group.replicates().steps());
      steps.addAll(samples.getOrDefault(group.id(), Collections.emptySortedMap()).keySet());
    }
    return List.copyOf(steps);
  }

  /** The metric over the group's seeds at {@code steps}, or null when none has a value. */
  SeedStats stat(TrialGroup group, int steps, Metric metric) {
    return group.replicates().stat(steps, metric);
  }

  /** The report's group of one of the comparison's configurations. */
  TrialGroup group(ReplicateGroup replicates) {
    return groups.stream().filter(g -> g.replicates() == replicates).findFirst().orElseThrow();
  }

  /** The target named by a trials-table value, with its metrics and ranking. */
  static TargetKind kind(String target) {
    return Knobs.TARGET.type().parse(target);
  }

  List<TrialRecord> problems() {
    return trials.stream().filter(t -> !t.ok()).toList();
  }
}
