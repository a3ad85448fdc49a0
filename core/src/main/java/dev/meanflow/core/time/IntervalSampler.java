package dev.meanflow.core.time;

import dev.meanflow.core.spec.Orientation;
import java.util.random.RandomGenerator;

/**
 * Draws the MeanFlow interval (r, t). Two times s1, s2 come from the time sampler; {@code ordered} takes r = min,
 * t = max (the write-up), {@code signed} keeps (t, r) = (s1, s2) so the model also learns r > t. With probability
 * {@code 1 - rNeqTShare} the sample collapses to r = t (plain flow matching at that point); during a warm-up of
 * {@code warmup} iterations that share grows linearly from 0. The same draws are made either way, so a warm-up
 * changes which samples collapse, never the stream.
 */
public record IntervalSampler(TimeSampler times, Orientation orientation, double rNeqTShare, int warmup) {

  public IntervalSampler(TimeSampler times, Orientation orientation, double rNeqTShare) {
    this(times, orientation, rNeqTShare, 0);
  }

  /** Writes t into {@code t[i]} and r into {@code r[i]}, for optimizer step {@code iteration}. */
  public void draw(float[] t, float[] r, int i, RandomGenerator rng, int iteration) {
    double s1 = times.draw(rng);
    double s2 = times.draw(rng);
    double share = iteration < warmup ? rNeqTShare * iteration / warmup : rNeqTShare;
    boolean distinct = rng.nextDouble() < share;
    double ti = orientation == Orientation.ORDERED ? Math.max(s1, s2) : s1;
    double ri = orientation == Orientation.ORDERED ? Math.min(s1, s2) : s2;
    t[i] = (float) ti;
    r[i] = (float) (distinct ? ri : ti);
  }
}
