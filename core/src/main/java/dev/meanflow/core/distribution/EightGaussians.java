package dev.meanflow.core.distribution;

import java.util.random.RandomGenerator;

/** Eight isotropic Gaussians (std 0.1 x scale/2) evenly spaced on a circle of radius {@code scale}. */
public record EightGaussians(double scale) implements Distribution {

  @Override
  public void fill(float[] out, int offset, int n, RandomGenerator rng) {
    double std = 0.1 * scale / 2;
    for (int p = offset; p < offset + n; p++) {
      double angle = 2 * Math.PI * rng.nextInt(8) / 8;
      out[2 * p] = (float) (scale * Math.cos(angle) + std * rng.nextGaussian());
      out[2 * p + 1] = (float) (scale * Math.sin(angle) + std * rng.nextGaussian());
    }
  }
}
