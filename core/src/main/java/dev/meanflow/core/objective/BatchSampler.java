package dev.meanflow.core.objective;

import dev.meanflow.core.distribution.Distribution;
import dev.meanflow.core.distribution.StandardGaussian;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.time.IntervalSampler;
import dev.meanflow.core.time.TimeSampler;
import java.util.random.RandomGenerator;

/**
 * Draws training batches. {@code forward} trains noise -> data (x0 noise, x1 data); {@code reverse} swaps the two
 * (x0 data, x1 noise), exactly as the write-up. All randomness comes from the trial's own generator.
 */
public final class BatchSampler {

  private final Flow flow;
  private final Distribution x0Source;
  private final Distribution x1Source;
  private final TimeSampler times;
  private final IntervalSampler intervals;
  private final boolean splitPoints;

  public BatchSampler(Flow flow, Direction direction, Distribution target, TimeSampler times, IntervalSampler intervals) {
    this(flow, direction, target, times, intervals, false);
  }

  /** @param splitPoints also draw SplitMeanFlow's lambda ~ U(0, 1) per sample, after everything else */
  public BatchSampler(Flow flow, Direction direction, Distribution target, TimeSampler times,
      IntervalSampler intervals, boolean splitPoints) {
    this.splitPoints = splitPoints;
    this.flow = flow;
    this.x0Source = direction == Direction.FORWARD ? StandardGaussian.INSTANCE : target;
    this.x1Source = direction == Direction.FORWARD ? target : StandardGaussian.INSTANCE;
    this.times = times;
    this.intervals = intervals;
  }

  /** A batch of the trained distribution (any warm-up over). */
  public Batch draw(int size, RandomGenerator rng) {
    return draw(size, rng, Integer.MAX_VALUE);
  }

  /** A batch for optimizer step {@code iteration} (0-based), which a warm-up of the r != t share depends on. */
  public Batch draw(int size, RandomGenerator rng, int iteration) {
    float[] x0 = new float[2 * size];
    float[] x1 = new float[2 * size];
    x0Source.fill(x0, 0, size, rng);
    x1Source.fill(x1, 0, size, rng);
    float[] t = new float[size];
    float[] r = flow == Flow.MF ? new float[size] : null;
    for (int i = 0; i < size; i++) {
      if (r == null) {
        t[i] = (float) times.draw(rng);
      } else {
        intervals.draw(t, r, i, rng, iteration);
      }
    }
    float[] xt = new float[2 * size];
    float[] v = new float[2 * size];
    for (int k = 0; k < 2 * size; k++) {
      float ti = t[k / 2];
      xt[k] = ti * x1[k] + (1 - ti) * x0[k];
      v[k] = x1[k] - x0[k];
    }
    float[] split = null;
    if (splitPoints) {
      split = new float[size];
      for (int i = 0; i < size; i++) {
        split[i] = (float) rng.nextDouble();
      }
    }
    return new Batch(size, xt, v, t, r, split);
  }
}
