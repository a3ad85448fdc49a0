package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialResult;

/** {@link SyntheticTrials} that take {@code millis} each, like a real trial holding its task slot. */
record SlowTrials(long millis) implements TrialFunction {
  @Override
  public TrialResult run(TrialSpec spec) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return SyntheticTrials.run(spec);
  }
}
