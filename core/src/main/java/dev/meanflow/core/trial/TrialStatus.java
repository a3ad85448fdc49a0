package dev.meanflow.core.trial;

/** How a trial ended. */
public enum TrialStatus {
  /** Trained and evaluated. */
  OK,
  /** The loss or the parameters became NaN or infinite; training stopped there and the model is not evaluated. */
  DIVERGED,
  /** An error stopped the trial; the message says which. */
  FAILED
}
