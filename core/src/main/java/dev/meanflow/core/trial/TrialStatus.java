package dev.meanflow.core.trial;

/** How a trial ended. */
public enum TrialStatus {
  /** Trained and evaluated. */
  OK,
  /** The loss became NaN or infinite; training stopped early and the model was still evaluated when possible. */
  DIVERGED,
  /** An error stopped the trial; the message says which. */
  FAILED
}
