package dev.meanflow.core.distribution;

import java.util.random.RandomGenerator;

/** Two interleaved Archimedean spirals (one and a half turns) reaching radius {@code scale}, with small noise. */
public record Spirals(double scale) implements Distribution {

  @Override
  public void fill(float[] out, int offset, int n, RandomGenerator rng) {
    double turns = 3 * Math.PI;
    for (int p = offset; p < offset + n; p++) {
      double s = Math.sqrt(rng.nextDouble());
      double angle = s * turns + (rng.nextBoolean() ? 0 : Math.PI);
      double radius = s * scale;
      out[2 * p] = (float) (radius * Math.cos(angle) + 0.02 * scale * rng.nextGaussian());
      out[2 * p + 1] = (float) (radius * Math.sin(angle) + 0.02 * scale * rng.nextGaussian());
    }
  }
}
