package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.FusionKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the pending trials into fused groups, one Spark task each: trials of one {@link FusionKey}, in grid order,
 * at most {@code most} per group, and never so few groups that task slots would idle while trials wait (a group
 * holds at most ceil(pending / slots) trials). Within a key the groups differ in size by one at most.
 */
final class FusedGroups {
  private FusedGroups() {}

  static List<List<TrialSpec>> of(List<TrialSpec> pending, int most, int slots) {
    if (most < 1 || slots < 1) {
      throw new IllegalArgumentException("most and slots must be >= 1, got " + most + " and " + slots);
    }
    int size = Math.max(1, Math.min(most, (pending.size() + slots - 1) / slots));
    Map<FusionKey, List<TrialSpec>> byKey = new LinkedHashMap<>();
    for (TrialSpec spec : pending) {
      byKey.computeIfAbsent(FusionKey.of(spec), k -> new ArrayList<>()).add(spec);
    }
    List<List<TrialSpec>> groups = new ArrayList<>();
    for (List<TrialSpec> same : byKey.values()) {
      int count = (same.size() + size - 1) / size;
      for (int g = 0, from = 0; g < count; g++) {
        int to = from + (same.size() - from + (count - g) - 1) / (count - g); // spread the remainder evenly
        groups.add(List.copyOf(same.subList(from, to)));
        from = to;
      }
    }
    return groups;
  }
}
