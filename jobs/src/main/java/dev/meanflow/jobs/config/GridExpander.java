package dev.meanflow.jobs.config;

import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.Problem;
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

  public record Expansion(List<TrialSpec> trials, List<Problem> problems) {}

  /**
   * @param values the values of every grid knob, in {@link SweepKeys#gridKnobs()} order; knobs the user did not
   *     write hold a single null (the knob's default for each trial)
   * @param explicit the knobs the user wrote, whose every value must be usable
   * @param checkEmpty false skips the "nothing left" check when earlier problems already explain it
   */
  static Expansion expand(
      Map<Knob<?>, List<Object>> values, Set<Knob<?>> explicit, List<Filter> excludes, List<Filter> includes,
      boolean checkEmpty) {
    long size = 1;
    for (List<Object> axis : values.values()) {
      size *= axis.size();
      if (size > MAX_COMBINATIONS) {
        return new Expansion(List.of(), List.of(Problem.general("the grid has more than " + MAX_COMBINATIONS
            + " combinations: split it or use include/exclude")));
      }
    }
    List<Knob<?>> knobs = new ArrayList<>(values.keySet());
    Set<String> used = new LinkedHashSet<>();
    Map<String, Problem> blockedBy = new LinkedHashMap<>();
    Map<String, TrialSpec> trials = new LinkedHashMap<>();
    int[] index = new int[knobs.size()];
    for (long n = 0; n < size; n++) {
      TrialSpec.Builder builder = TrialSpec.builder();
      for (int i = 0; i < knobs.size(); i++) {
        builder.set(knobs.get(i), values.get(knobs.get(i)).get(index[i]));
      }
      TrialSpec raw = builder.build();
      TrialSpec trial = raw.normalized();
      List<Problem> rawProblems = raw.problems();
      List<Problem> trialProblems = trial.problems();
      boolean valid = trialProblems.isEmpty();
      for (int i = 0; i < knobs.size(); i++) {
        Knob<?> knob = knobs.get(i);
        String token = token(knob, values.get(knob).get(index[i]));
        // fm with the writeup sampler is a valid fm trial (normalized to euler), but it does not use 'writeup'.
        if (valid && rawProblems.stream().noneMatch(p -> p.concerns(knob.key()))) {
          used.add(token);
        } else if (!rawProblems.isEmpty() || !valid) {
          blockedBy.putIfAbsent(token, pick(rawProblems.isEmpty() ? trialProblems : rawProblems, knob));
        }
      }
      boolean kept = excludes.stream().noneMatch(f -> f.matches(raw))
          && (includes.isEmpty() || includes.stream().anyMatch(f -> f.matches(raw)));
      if (kept && valid) {
        trials.putIfAbsent(trial.id(), trial);
      }
      advance(index, knobs, values);
    }
    List<Problem> own = new ArrayList<>();
    List<Problem> blocked = new ArrayList<>();
    for (Knob<?> knob : knobs) {
      if (!explicit.contains(knob)) {
        continue;
      }
      for (Object value : values.get(knob)) {
        String token = token(knob, value);
        if (used.contains(token)) {
          continue;
        }
        Problem reason = blockedBy.get(token).under(SweepKeys.GRID + ".");
        if (reason.concerns(knob.key())) {
          own.add(reason);
        } else {
          blocked.add(Problem.invalid(SweepKeys.GRID + "." + knob.key(), knob.render(value),
              "no valid trial can use it (" + reason.message() + ")"));
        }
      }
    }
    // A broken value (a range) makes every other value unusable too: report the root causes only.
    List<Problem> problems = new ArrayList<>(new LinkedHashSet<>(own.isEmpty() ? blocked : own));
    if (checkEmpty && problems.isEmpty() && trials.isEmpty()) {
      problems.add(Problem.general("no trial is left after exclude/include-only: check the filters"));
    }
    return new Expansion(problems.isEmpty() ? List.copyOf(trials.values()) : List.of(), problems);
  }

  private static String token(Knob<?> knob, Object value) {
    return knob.key() + "=" + (value == null ? "(default)" : knob.render(value));
  }

  private static Problem pick(List<Problem> problems, Knob<?> knob) {
    return problems.stream().filter(p -> p.concerns(knob.key())).findFirst().orElse(problems.get(0));
  }

  private static void advance(int[] index, List<Knob<?>> knobs, Map<Knob<?>, List<Object>> values) {
    for (int i = index.length - 1; i >= 0; i--) {
      if (++index[i] < values.get(knobs.get(i)).size()) {
        return;
      }
      index[i] = 0;
    }
  }
}
