package dev.meanflow.jobs.search;

import dev.meanflow.core.trial.TrialStatus;

/**
 * How far successive halving took one grid cell and why it went no further.
 *
 * @param rung the highest rung it finished (-1: none yet)
 * @param iterations the iterations it was trained to
 */
public record CellFate(String cellId, int rung, int rungs, int iterations, Reason reason) {

  /** Why a cell went no further. */
  public enum Reason {
    /** Trained to its last rung: a finalist. */
    COMPLETED,
    /** Not among the best 1/eta of a rung. */
    STOPPED,
    /** Its loss or parameters turned non-finite at this rung. */
    DIVERGED,
    /** Its trial failed at this rung. */
    FAILED,
    /** The search has not finished with it (a run stopped part-way). */
    PENDING;

    public static Reason of(TrialStatus status) {
      return switch (status) {
        case OK -> STOPPED;
        case DIVERGED -> DIVERGED;
        case FAILED -> FAILED;
      };
    }
  }

  /** Human words, e.g. "stopped at rung 1 (750 iterations)". */
  public String describe() {
    return switch (reason) {
      case COMPLETED -> "completed (" + iterations + " iterations)";
      case PENDING -> rung < 0 ? "not started" : "pending after rung " + rung + " (" + iterations + " iterations)";
      default -> reason.name().toLowerCase(java.util.Locale.ROOT) + " at rung " + rung + " (" + iterations
          + " iterations)";
    };
  }
}
