package dev.meanflow.core.distribution;

import java.util.random.RandomGenerator;

/** Eight isotropic Gaussians (std 0.1 x scale/2) evenly spaced on a circle of radius {@code scale}. */
public record EightGaussians(double scale) implements Distribution {

  public static final int COMPONENTS = 8;

  /** Standard deviation of each component. */
  public double std() {
    return 0.1 * scale / 2;
  }

  public double centreX(int k) {
    return scale * Math.cos(2 * Math.PI * k / COMPONENTS);
  }

  public double centreY(int k) {
    return scale * Math.sin(2 * Math.PI * k / COMPONENTS);
  }

  @Override
  public void fill(float[] out, int offset, int n, RandomGenerator rng) {
    double std = std();
    for (int p = offset; p < offset + n; p++) {
      int k = rng.nextInt(COMPONENTS);
      out[2 * p] = (float) (centreX(k) + std * rng.nextGaussian());
      out[2 * p + 1] = (float) (centreY(k) + std * rng.nextGaussian());
    }
  }
}
