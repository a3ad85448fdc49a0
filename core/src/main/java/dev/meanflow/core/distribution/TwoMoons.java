package dev.meanflow.core.distribution;

import java.util.random.RandomGenerator;

/** Two interleaved half circles with Gaussian noise (std 0.05 before scaling), centred and scaled by scale/2. */
public record TwoMoons(double scale) implements Distribution {

  @Override
  public void fill(float[] out, int offset, int n, RandomGenerator rng) {
    double k = scale / 2;
    for (int p = offset; p < offset + n; p++) {
      double angle = Math.PI * rng.nextDouble();
      boolean upper = rng.nextBoolean();
      double x = upper ? Math.cos(angle) : 1 - Math.cos(angle);
      double y = upper ? Math.sin(angle) : 0.5 - Math.sin(angle);
      out[2 * p] = (float) (k * (x - 0.5 + 0.05 * rng.nextGaussian()) * 1.5);
      out[2 * p + 1] = (float) (k * (y - 0.25 + 0.05 * rng.nextGaussian()) * 1.5);
    }
  }
}
