package dev.meanflow.core.distribution;

import java.util.random.RandomGenerator;

/** Three concentric rings of radii scale/3, 2 scale/3 and scale, mass proportional to circumference. */
public record Rings(double scale) implements Distribution {

  @Override
  public void fill(float[] out, int offset, int n, RandomGenerator rng) {
    for (int p = offset; p < offset + n; p++) {
      // radius 1, 2 or 3 (in thirds of scale) drawn with probability 1/6, 2/6, 3/6
      int roll = rng.nextInt(6);
      int ring = roll == 0 ? 1 : roll < 3 ? 2 : 3;
      double radius = ring * scale / 3 + 0.02 * scale * rng.nextGaussian();
      double angle = 2 * Math.PI * rng.nextDouble();
      out[2 * p] = (float) (radius * Math.cos(angle));
      out[2 * p + 1] = (float) (radius * Math.sin(angle));
    }
  }
}
