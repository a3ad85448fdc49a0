package dev.meanflow.jobs.report;

import dev.meanflow.jobs.compare.Comparison;
import dev.meanflow.jobs.compare.ReplicateGroup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Names the comparison's replicate groups by the knobs that vary within their target, in a stable order. */
final class TrialGroups {
  private TrialGroups() {}

  /** @param records every trial's record, keyed by {@link #key(String, String)} */
  static List<TrialGroup> of(Comparison comparison, Map<String, TrialRecord> records) {
    // one entry per configuration of the comparison: display text may round two values alike, identity never does
    record Entry(Map<String, String> config, ReplicateGroup group, List<TrialRecord> trials) {}
    List<Entry> entries = new ArrayList<>();
    for (ReplicateGroup group : comparison.groups()) {
      List<TrialRecord> trials = group.trials().stream().map(t -> records.get(key(t.runId(), t.trialId()))).toList();
      entries.add(new Entry(config(trials.get(0)), group, trials));
    }
    entries.sort((a, b) -> ORDER.compare(a.config(), b.config()));
    List<Map<String, String>> configs = entries.stream().map(Entry::config).toList();
    Map<String, List<String>> varying = varyingKnobs(configs);
    List<TrialGroup> groups = new ArrayList<>();
    Map<String, Long> labelCounts = new java.util.HashMap<>();
    List<String> variants = new ArrayList<>();
    for (Map<String, String> config : configs) {
      String target = config.get("target");
      String flow = config.get("flow");
      String variant = varying.get(target).stream()
          .filter(knob -> !("fm".equals(flow) && TrialColumns.MF_ONLY.contains(knob)))
          .map(knob -> TrialColumns.key(knob) + "=" + config.get(knob))
          .collect(Collectors.joining(", "));
      variants.add(variant);
      labelCounts.merge(target + "|" + flow + "|" + config.get("direction") + "|" + variant, 1L, Long::sum);
    }
    for (int i = 0; i < configs.size(); i++) {
      Map<String, String> config = configs.get(i);
      String id = "g" + (i + 1);
      String variant = variants.get(i);
      // groups that differ only in evaluation settings (eval-samples, loss-points, ...) still need distinct names
      if (labelCounts.get(config.get("target") + "|" + config.get("flow") + "|" + config.get("direction") + "|"
          + variant) > 1) {
        variant = variant.isEmpty() ? "group " + id : variant + ", group " + id;
      }
      groups.add(new TrialGroup(id, config.get("target"), config.get("flow"), config.get("direction"), config,
          variant, List.copyOf(entries.get(i).trials()), entries.get(i).group()));
    }
    return List.copyOf(groups);
  }

  /** Knobs with more than one value among the groups of each target, in TrialColumns.KNOBS order. */
  static Map<String, List<String>> varyingKnobs(List<Map<String, String>> configs) {
    Map<String, List<String>> varying = new LinkedHashMap<>();
    Set<String> targets = configs.stream().map(c -> c.get("target")).collect(Collectors.toCollection(TreeSet::new));
    for (String target : targets) {
      List<Map<String, String>> mine = configs.stream().filter(c -> target.equals(c.get("target"))).toList();
      varying.put(target, TrialColumns.KNOBS.stream()
          .filter(knob -> mine.stream().map(c -> c.get(knob)).distinct().count() > 1)
          .filter(knob -> !TrialColumns.MF_ONLY.contains(knob)
              || mine.stream().filter(c -> "mf".equals(c.get("flow"))).map(c -> c.get(knob)).distinct().count() > 1)
          .toList());
    }
    return varying;
  }

  static String key(String runId, String trialId) {
    return runId + "/" + trialId;
  }

  private static Map<String, String> config(TrialRecord trial) {
    Map<String, String> config = new LinkedHashMap<>();
    for (String column : TrialColumns.GROUP) {
      config.put(column, trial.spec().get(column));
    }
    return config;
  }

  /** target, then FM before MF, forward before reverse, then knob values (numbers by value). */
  private static final Comparator<Map<String, String>> ORDER = (a, b) -> {
    for (String column : TrialColumns.GROUP) {
      int c = compareValues(a.get(column), b.get(column));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  };

  static int compareValues(String a, String b) {
    Double x = parse(a);
    Double y = parse(b);
    if (x != null && y != null) {
      return Double.compare(x, y);
    }
    return a.compareTo(b);
  }

  private static Double parse(String s) {
    try {
      return Double.valueOf(s);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** "MF forward · r-neq-t-share=0.5": a trial (of any status) named like the group it belongs to. */
  static String describe(TrialRecord trial, Map<String, List<String>> varying) {
    String knobs = varying.getOrDefault(trial.target(), List.of()).stream()
        .filter(knob -> !("fm".equals(trial.flow()) && TrialColumns.MF_ONLY.contains(knob)))
        .map(knob -> TrialColumns.key(knob) + "=" + trial.spec().get(knob))
        .collect(Collectors.joining(", "));
    return trial.flow().toUpperCase(Locale.ROOT) + " " + trial.direction()
        + (knobs.isEmpty() ? "" : " · " + knobs);
  }

  /** Varying knobs over every trial, failed ones included, so a failed trial is named even if none succeeded. */
  static Map<String, List<String>> varyingKnobsOfAll(List<TrialRecord> trials) {
    return varyingKnobs(trials.stream().map(TrialGroups::config).toList());
  }
}
