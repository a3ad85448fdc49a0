package dev.meanflow.jobs.config;

import dev.meanflow.core.spec.TrialSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Expands grid values into trials: the Cartesian product, checked with {@link TrialSpec#problems()}, filtered, then
 * normalized and deduplicated by trial id.
 *
 * <p>A combination that only some values make impossible (fm with the writeup sampler) is dropped quietly as long
 * as each value the user wrote is used by some valid trial. A value that no valid trial can use is a problem: its own
 * rule when it breaks one (a range), else the rule that blocks it (signed orientation when flow is only fm).
 */
public final class GridExpander {
  /** Largest Cartesian product accepted: beyond this a grid is almost surely a mistake. */
  static final long MAX_COMBINATIONS = 100_000;

  private GridExpander() {}

  public record Expansion(List<TrialSpec> trials, List<String> problems) {}

  /**
   * @param values the values of every grid field, in {@link SpecField#ALL} order; fields the user did not write hold
   *     their single default (null for sampler: the flow's default)
   * @param explicit the fields the user wrote, whose every value must be usable
   */
  public static Expansion expand(
      Map<SpecField<?>, List<Object>> values, Set<SpecField<?>> explicit, List<Filter> excludes,
      List<Filter> includes) {
    return expand(values, explicit, excludes, includes, true);
  }

  /** As above; {@code checkEmpty} false skips the "nothing left" check when earlier problems already explain it. */
  static Expansion expand(
      Map<SpecField<?>, List<Object>> values, Set<SpecField<?>> explicit, List<Filter> excludes,
      List<Filter> includes, boolean checkEmpty) {
    long size = 1;
    for (List<Object> axis : values.values()) {
      size *= axis.size();
      if (size > MAX_COMBINATIONS) {
        return new Expansion(List.of(), List.of("the grid has more than " + MAX_COMBINATIONS
            + " combinations: split it or use include/exclude"));
      }
    }
    List<SpecField<?>> fields = new ArrayList<>(values.keySet());
    Set<String> used = new LinkedHashSet<>();
    Map<String, String> blockedBy = new LinkedHashMap<>();
    Map<String, TrialSpec> trials = new LinkedHashMap<>();
    int[] index = new int[fields.size()];
    for (long n = 0; n < size; n++) {
      TrialSpec.Builder builder = TrialSpec.builder();
      for (int i = 0; i < fields.size(); i++) {
        fields.get(i).setRaw(builder, values.get(fields.get(i)).get(index[i]));
      }
      TrialSpec raw = builder.build();
      TrialSpec trial = raw.normalized();
      List<String> rawProblems = raw.problems();
      boolean valid = trial.problems().isEmpty();
      for (int i = 0; i < fields.size(); i++) {
        String key = fields.get(i).key();
        String token = token(fields.get(i), values.get(fields.get(i)).get(index[i]));
        // fm with the writeup sampler is a valid fm trial (normalized to euler), but it does not use 'writeup'.
        if (valid && rawProblems.stream().noneMatch(p -> names(p, key))) {
          used.add(token);
        } else if (!rawProblems.isEmpty() || !valid) {
          blockedBy.putIfAbsent(token, pick(rawProblems.isEmpty() ? trial.problems() : rawProblems, key));
        }
      }
      boolean kept = excludes.stream().noneMatch(f -> f.matches(raw))
          && (includes.isEmpty() || includes.stream().anyMatch(f -> f.matches(raw)));
      if (kept && valid) {
        trials.putIfAbsent(trial.id(), trial);
      }
      advance(index, fields, values);
    }
    List<String> own = new ArrayList<>();
    List<String> blocked = new ArrayList<>();
    for (SpecField<?> field : fields) {
      if (!explicit.contains(field)) {
        continue;
      }
      for (Object value : values.get(field)) {
        String token = token(field, value);
        if (used.contains(token)) {
          continue;
        }
        String reason = blockedBy.get(token);
        if (names(reason, field.key())) {
          own.add(qualify(reason));
        } else {
          blocked.add("'" + field.render(value) + "' in grid." + field.key() + " is invalid: no valid trial can use it ("
              + qualify(reason) + ")");
        }
      }
    }
    // A broken value (a range) makes every other value unusable too: report the root causes only.
    List<String> problems = new ArrayList<>(new LinkedHashSet<>(own.isEmpty() ? blocked : own));
    if (checkEmpty && problems.isEmpty() && trials.isEmpty()) {
      problems.add("no trial is left after exclude/include-only: check the filters");
    }
    return new Expansion(problems.isEmpty() ? List.copyOf(trials.values()) : List.of(), problems);
  }

  private static String token(SpecField<?> field, Object value) {
    return field.key() + "=" + field.render(value);
  }

  private static String pick(List<String> problems, String key) {
    return problems.stream().filter(p -> names(p, key)).findFirst().orElse(problems.get(0));
  }

  /** Whether a {@link TrialSpec#problems()} message is about {@code key}. */
  private static boolean names(String problem, String key) {
    return problem.contains("' in " + key + " is invalid") || problem.startsWith(key + " ");
  }

  /** Rewrites the spec's option names into sweep-file paths ({@code lr} -> {@code grid.lr}). */
  static String qualify(String problem) {
    for (SpecField<?> field : SpecField.ALL) {
      String key = field.key();
      if (problem.contains("' in " + key + " is invalid")) {
        return problem.replace("' in " + key + " is invalid", "' in grid." + key + " is invalid");
      }
      if (problem.startsWith(key + " ")) {
        return "grid." + problem;
      }
    }
    return problem;
  }

  private static void advance(int[] index, List<SpecField<?>> fields, Map<SpecField<?>, List<Object>> values) {
    for (int i = index.length - 1; i >= 0; i--) {
      if (++index[i] < values.get(fields.get(i)).size()) {
        return;
      }
      index[i] = 0;
    }
  }
}
