package dev.meanflow.core.trial;

/** Told about training progress, e.g. to drive a progress bar. Called on the training thread. */
@FunctionalInterface
public interface TrainingListener {

  TrainingListener NONE = (done, total, loss) -> {};

  /** {@code done} of {@code total} iterations finished; {@code loss} is the latest batch loss. */
  void onIteration(int done, int total, double loss);
}
