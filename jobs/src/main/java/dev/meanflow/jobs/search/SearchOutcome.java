package dev.meanflow.jobs.search;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a halving search stands after a run: every cell's fate, and the compute it spent against the full grid's.
 *
 * @param finished every cell went as far as it will: nothing is pending
 */
public record SearchOutcome(long spentIterations, long gridIterations, List<CellFate> fates, boolean finished) {

  public SearchOutcome {
    fates = List.copyOf(fates);
  }

  /** Spent trial-iterations over the full grid's. */
  public double share() {
    return gridIterations == 0 ? 0 : spentIterations / (double) gridIterations;
  }

  /** A few lines for the command's output. */
  public String render() {
    Map<String, Integer> counts = new TreeMap<>();
    for (CellFate fate : fates) {
      String what = switch (fate.reason()) {
        case COMPLETED -> "completed";
        case PENDING -> "pending";
        default -> fate.reason().name().toLowerCase(Locale.ROOT) + " at rung " + fate.rung();
      };
      counts.merge(what, 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "halving: %d cells; %,d of the full grid's %,d trial-iterations (%.0f%%)%s%n",
        fates.size(), spentIterations, gridIterations, 100 * share(),
        finished ? "" : "; not finished: run the sweep again to go on"));
    counts.forEach((what, n) -> out.append("  ").append(what).append(": ").append(n).append('\n'));
    return out.toString();
  }
}
