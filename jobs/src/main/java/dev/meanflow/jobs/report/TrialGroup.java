package dev.meanflow.jobs.report;

import dev.meanflow.core.distribution.Support;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.jobs.compare.ReplicateGroup;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A configuration of the shared {@link dev.meanflow.jobs.compare.Comparison} as the report shows it: an id, its
 * columns as display text, and a variant label naming the knobs that set it apart from the other groups of its
 * target (empty when nothing is swept).
 */
record TrialGroup(
    String id,
    String target,
    String flow,
    String direction,
    Map<String, String> config,
    String variant,
    List<TrialRecord> trials,
    ReplicateGroup replicates) {

  /** e.g. "MF reverse · r-neq-t-share=0.25". */
  String label() {
    return flowDirection() + (variant.isEmpty() ? "" : " · " + variant);
  }

  String flowDirection() {
    return flow.toUpperCase(Locale.ROOT) + " " + direction;
  }

  /** The trial whose samples represent the group: the comparison's representative (the lowest seed). */
  TrialRecord representative() {
    String trialId = replicates.representative().trialId();
    String runId = replicates.representative().runId();
    return trials.stream().filter(t -> t.trialId().equals(trialId) && t.runId().equals(runId)).findFirst()
        .orElseThrow();
  }

  /** The target's support as its own membership test, when it has one (the checkerboard's occupied cells). */
  Optional<Support> support() {
    return replicates.target().create(replicates.configuration()) instanceof Support s ? Optional.of(s)
        : Optional.empty();
  }

  /** Half-width of the target's square. */
  double scale() {
    return replicates.configuration().get(Knobs.SCALE);
  }
}
