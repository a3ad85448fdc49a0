package dev.meanflow.core.trial;

import dev.meanflow.core.spec.TrialSpec;

/** Trains and evaluates one trial. Thread-safe: several trials may run at once in one JVM. Never throws. */
public final class TrialRunner {
  private TrialRunner() {}

  public static TrialResult run(TrialSpec spec) {
    return run(spec, TrainingListener.NONE);
  }

  public static TrialResult run(TrialSpec spec, TrainingListener listener) {
    throw new UnsupportedOperationException("in progress");
  }
}
