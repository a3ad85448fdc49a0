package dev.meanflow.jobs.report;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replicate trials: the OK trials that share every configuration column except the seed. The variant names the
 * knobs that set this group apart from the other groups of its target (empty when nothing is swept).
 */
record TrialGroup(
    String id,
    String target,
    String flow,
    String direction,
    Map<String, String> config,
    String variant,
    List<TrialRecord> trials) {

  /** e.g. "MF reverse · r-neq-t-share=0.25". */
  String label() {
    return flowDirection() + (variant.isEmpty() ? "" : " · " + variant);
  }

  String flowDirection() {
    return flow.toUpperCase(Locale.ROOT) + " " + direction;
  }

  /** The trial whose samples represent the group: the lowest seed, so reruns pick the same one. */
  TrialRecord representative() {
    return trials.stream()
        .min(Comparator.comparingLong((TrialRecord t) -> Long.parseLong(t.seed())).thenComparing(TrialRecord::runId))
        .orElseThrow();
  }

  int gridSize() {
    return Integer.parseInt(config.get("grid_size"));
  }

  double scale() {
    return Double.parseDouble(config.get("scale"));
  }
}
