package dev.meanflow.jobs.report;

import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knob.Role;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.jobs.tables.KnobColumns;
import dev.meanflow.jobs.tables.Schemas;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which columns of the trials table the report treats as configuration, knobs and provenance, all derived from the
 * knob registry's roles and the table schema.
 */
final class TrialColumns {
  private TrialColumns() {}

  /** One column per knob, in registry order. */
  static final List<String> SPEC = columns(Knobs.REGISTRY.knobs());

  /** Seeds are replicates and runtime knobs do not change results: everything else separates trial groups. */
  static final List<String> GROUP = columns(Knobs.REGISTRY.knobs().stream()
      .filter(k -> k.identity() && k.role() != Role.REPLICATE).toList());

  /** Columns that change the science of a trial, i.e. the candidate ablation axes and variant labels. */
  static final List<String> KNOBS = columns(Knobs.REGISTRY.withRole(Role.TARGET, Role.SCIENCE));

  /** Knobs that only MeanFlow trials use (normalization resets them on FM trials): meaningless in an FM label. */
  static final Set<String> MF_ONLY = Knobs.REGISTRY.knobs().stream()
      .filter(k -> k.flows().equals(Set.of(Flow.MF))).map(KnobColumns::column).collect(Collectors.toSet());

  static final List<String> PROVENANCE = Schemas.versionColumns();

  private static final Map<String, String> KEYS = Knobs.REGISTRY.knobs().stream()
      .collect(Collectors.toMap(KnobColumns::column, Knob::key));

  /** The external (kebab-case) key users type for a column, e.g. r-neq-t-share; other columns as they are. */
  static String key(String column) {
    return KEYS.getOrDefault(column, column);
  }

  private static List<String> columns(List<Knob<?>> knobs) {
    return knobs.stream().map(KnobColumns::column).toList();
  }
}
