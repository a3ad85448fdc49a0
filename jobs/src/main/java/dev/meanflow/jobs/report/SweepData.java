package dev.meanflow.jobs.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Everything the report draws, read from the result tables: trials (the latest row per trial id), replicate groups,
 * per-group metric statistics by step count, mean loss curves, one seed's kept samples, and ablation statistics.
 */
record SweepData(
    List<TrialRecord> trials,
    List<TrialGroup> groups,
    Map<String, SortedMap<Integer, Map<Metric, MetricStat>>> evals,
    Map<String, LossCurve> losses,
    Map<String, SortedMap<Integer, float[]>> samples,
    List<AblationStat> ablations) {

  /** Mean loss over a group's seeds at each logged iteration. */
  record LossCurve(double[] iterations, double[] meanLoss) {}

  /** One bar of an ablation figure: an MF knob value, pooled over seeds and all other knobs. */
  record AblationStat(String target, String knob, String value, String direction, int steps, Metric metric,
      MetricStat stat) {}

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
      steps.addAll(evals.getOrDefault(group.id(), Collections.emptySortedMap()).keySet());
      steps.addAll(samples.getOrDefault(group.id(), Collections.emptySortedMap()).keySet());
    }
    return List.copyOf(steps);
  }

  MetricStat stat(TrialGroup group, int steps, Metric metric) {
    SortedMap<Integer, Map<Metric, MetricStat>> bySteps = evals.get(group.id());
    if (bySteps == null || !bySteps.containsKey(steps)) {
      return null;
    }
    MetricStat stat = bySteps.get(steps).get(metric);
    return stat == null || stat.n() == 0 ? null : stat;
  }

  List<TrialRecord> problems() {
    return trials.stream().filter(t -> !t.ok()).toList();
  }
}
