package dev.meanflow.core.distribution;

import java.util.random.RandomGenerator;

/** A 2D distribution that draws reproducible samples from a caller-owned generator (never a global one). */
public interface Distribution {

  /** Writes {@code n} points into {@code out} starting at point {@code offset} (interleaved x, y). */
  void fill(float[] out, int offset, int n, RandomGenerator rng);

  default Points sample(int n, RandomGenerator rng) {
    float[] xy = new float[2 * n];
    fill(xy, 0, n, rng);
    return new Points(xy);
  }
}
