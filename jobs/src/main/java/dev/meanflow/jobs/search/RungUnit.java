package dev.meanflow.jobs.search;

import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import java.util.List;

/**
 * One grid cell trained to one rung: the cell's trial with the rung's budget as its iterations (so its own trial,
 * with its own id and rows), continuing from the rung below.
 *
 * @param cell the grid's trial, at its full budget
 * @param budgets the iterations of every rung of the cell, its own iterations last
 */
public record RungUnit(TrialSpec cell, int rung, List<Integer> budgets) {

  public RungUnit {
    budgets = List.copyOf(budgets);
    if (rung < 0 || rung >= budgets.size()) {
      throw new IllegalArgumentException("rung " + rung + " of " + budgets);
    }
  }

  public int budget() {
    return budgets.get(rung);
  }

  /** Iterations the rung below ended at: where this one continues from (0 at the first rung). */
  public int from() {
    return rung == 0 ? 0 : budgets.get(rung - 1);
  }

  /** The trial this unit trains: the cell with the rung's budget. */
  public TrialSpec spec() {
    return rung == budgets.size() - 1 ? cell : cell.with(Knobs.ITERATIONS, budget());
  }

  public boolean last() {
    return rung == budgets.size() - 1;
  }

  public int rungs() {
    return budgets.size();
  }

  /** Iterations this unit trains: its budget less what the rung below trained. */
  public int iterations() {
    return budget() - from();
  }
}
