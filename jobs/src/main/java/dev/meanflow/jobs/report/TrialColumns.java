package dev.meanflow.jobs.report;

import java.util.List;
import java.util.Set;

/** Which columns of the trials table the report treats as configuration, knobs and provenance. */
final class TrialColumns {
  private TrialColumns() {}

  /** One column per TrialSpec field, in the contract's order. */
  static final List<String> SPEC = List.of(
      "flow", "direction", "target", "grid_size", "scale", "width", "depth", "conditioning", "iterations", "batch",
      "lr", "r_neq_t_share", "time_sampling", "logit_mu", "logit_sigma", "adaptive_p", "adaptive_c", "orientation",
      "sampler", "jvp", "seed", "device_requested", "threads", "eval_samples", "eval_steps", "loss_points",
      "kept_samples");

  /** Seeds are replicates and device/threads do not change results: everything else separates trial groups. */
  static final List<String> GROUP = SPEC.stream()
      .filter(c -> !Set.of("seed", "device_requested", "threads").contains(c))
      .toList();

  /** Columns that change the science of a trial, i.e. the candidate ablation axes and variant labels. */
  static final List<String> KNOBS = List.of(
      "grid_size", "scale", "width", "depth", "conditioning", "iterations", "batch", "lr", "r_neq_t_share",
      "time_sampling", "logit_mu", "logit_sigma", "adaptive_p", "adaptive_c", "orientation", "sampler", "jvp");

  /** Knobs TrialSpec.normalized() resets for FM trials: meaningless in an FM label. */
  static final Set<String> MF_ONLY = Set.of("conditioning", "r_neq_t_share", "orientation", "sampler", "jvp");

  static final List<String> PROVENANCE = List.of(
      "git_commit", "project_version", "djl_version", "libtorch_version", "spark_version", "java_version",
      "os_arch", "host");

  /** The external (kebab-case) key users type for a column, e.g. r-neq-t-share. */
  static String key(String column) {
    return column.replace('_', '-');
  }
}
