package dev.meanflow.core.trial;

import java.util.ArrayList;
import java.util.List;

/**
 * Averages the per-iteration loss over fixed windows so every trial's curve has at most {@code points} entries,
 * whatever its iteration count.
 */
final class LossRecorder {

  private final int window;
  private final List<LossPoint> points = new ArrayList<>();
  private double sum;
  private int count;

  LossRecorder(int iterations, int points) {
    this.window = Math.max(1, (iterations + points - 1) / points);
  }

  /** Takes over points recorded before (by the training a checkpoint saved). */
  void restore(List<LossPoint> recorded) {
    points.addAll(recorded);
  }

  void add(int iteration, double loss) {
    sum += loss;
    count++;
    if (count == window) {
      flush(iteration);
    }
  }

  /** Closes the last, possibly partial, window at {@code lastIteration}. */
  List<LossPoint> finish(int lastIteration) {
    if (count > 0) {
      flush(lastIteration);
    }
    return List.copyOf(points);
  }

  private void flush(int iteration) {
    points.add(new LossPoint(iteration, sum / count));
    sum = 0;
    count = 0;
  }
}
