package dev.meanflow.jobs.search;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.Problem;
import dev.meanflow.core.spec.TrialSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The search settings of a sweep ({@code search.*}). Halving trains every grid cell to the first rung's budget,
 * continues the best 1/eta of each rung to the next from its checkpoint, and so on up to the cell's own
 * {@code iterations}; asynchronously (ASHA): a free task slot takes a cell not started yet, or else the best
 * promotable cell of the highest rung, and never waits for a rung to fill ({@link AshaScheduler}).
 *
 * @param rungs the budgets below the last, in iterations; empty = iterations / eta^2 and iterations / eta
 * @param steps the step count whose {@code metric} ranks
 */
public record Search(SearchKind kind, int eta, List<Integer> rungs, Metric metric, int steps, SeedRanking seeds,
    boolean keepCheckpoints) {

  public static final Search GRID = new Search(SearchKind.GRID, 3, List.of(), Metric.CELL_TV, 1,
      SeedRanking.TOGETHER, false);

  public Search {
    rungs = List.copyOf(rungs);
  }

  public boolean halving() {
    return kind == SearchKind.HALVING;
  }

  /** The iterations of every rung of {@code cell}, increasing, its own {@code iterations} last. */
  public List<Integer> budgets(TrialSpec cell) {
    int iterations = cell.get(Knobs.ITERATIONS);
    if (!halving()) {
      return List.of(iterations);
    }
    TreeSet<Integer> budgets = new TreeSet<>();
    if (rungs.isEmpty()) {
      budgets.add(Math.max(1, (int) Math.round(iterations / (double) (eta * eta))));
      budgets.add(Math.max(1, (int) Math.round(iterations / (double) eta)));
    } else {
      budgets.addAll(rungs);
    }
    budgets.removeIf(b -> b >= iterations);
    budgets.add(iterations);
    return List.copyOf(budgets);
  }

  /**
   * What makes this search impossible on these trials, each naming the key, the value and the accepted range:
   * checked before any cluster work.
   */
  public List<Problem> problems(List<TrialSpec> trials) {
    List<Problem> problems = new ArrayList<>();
    if (!halving() || trials.isEmpty()) {
      return problems;
    }
    int fewest = trials.stream().mapToInt(t -> t.get(Knobs.ITERATIONS)).min().orElseThrow();
    for (int i = 0; i < rungs.size(); i++) {
      if (rungs.get(i) >= fewest || (i > 0 && rungs.get(i) <= rungs.get(i - 1))) {
        problems.add(Problem.invalid("search.rungs", rungs.toString(),
            "must increase and stay below every trial's iterations (the last rung), the fewest here " + fewest));
        break;
      }
    }
    for (TrialSpec trial : trials) {
      if (!trial.get(Knobs.TARGET).metrics().contains(metric)) {
        problems.add(Problem.invalid("search.metric", metric.column(), "must be measured on every trial's target; "
            + trial.get(Knobs.TARGET).key() + " measures " + trial.get(Knobs.TARGET).metrics().stream()
            .map(Metric::column).toList()));
        break;
      }
    }
    for (TrialSpec trial : trials) {
      if (!trial.get(Knobs.EVAL_STEPS).contains(steps)) {
        problems.add(Problem.invalid("search.steps", String.valueOf(steps),
            "must be one of every trial's eval-steps, e.g. " + trial.get(Knobs.EVAL_STEPS)));
        break;
      }
    }
    return problems;
  }
}
