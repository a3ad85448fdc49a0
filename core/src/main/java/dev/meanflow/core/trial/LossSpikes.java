package dev.meanflow.core.trial;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Counts loss spikes: iterations whose loss exceeds {@link #FACTOR} times the median of the {@link #WINDOW} losses
 * before it.
 */
final class LossSpikes {

  static final int WINDOW = 100;
  static final double FACTOR = 3;

  private final ArrayDeque<Double> recent = new ArrayDeque<>(WINDOW);
  private boolean inSpike;
  private int spikes;

  void add(double loss) {
    boolean spike = recent.size() == WINDOW && loss > FACTOR * median();
    if (spike && !inSpike) {
      spikes++;
    }
    inSpike = spike;
    if (recent.size() == WINDOW) {
      recent.removeFirst();
    }
    recent.addLast(loss);
  }

  /** The counter as a checkpoint keeps it. */
  Checkpoint.Health state(double maxGradNorm) {
    return new Checkpoint.Health(recent.stream().mapToDouble(Double::doubleValue).toArray(), inSpike, spikes,
        maxGradNorm);
  }

  /** Goes on from a checkpoint's counter. */
  void restore(Checkpoint.Health state) {
    recent.clear();
    for (double loss : state.recentLosses()) {
      recent.addLast(loss);
    }
    inSpike = state.inSpike();
    spikes = state.spikes();
  }

  int count() {
    return spikes;
  }

  private double median() {
    double[] sorted = recent.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return 0.5 * (sorted[(WINDOW - 1) / 2] + sorted[WINDOW / 2]);
  }
}
