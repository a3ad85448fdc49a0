package dev.meanflow.core.distribution;

import java.util.random.RandomGenerator;

/** N(0, I) in 2D: the noise side of every flow. */
public final class StandardGaussian implements Distribution {

  public static final StandardGaussian INSTANCE = new StandardGaussian();

  private StandardGaussian() {}

  @Override
  public void fill(float[] out, int offset, int n, RandomGenerator rng) {
    for (int i = 2 * offset; i < 2 * (offset + n); i++) {
      out[i] = (float) rng.nextGaussian();
    }
  }
}
