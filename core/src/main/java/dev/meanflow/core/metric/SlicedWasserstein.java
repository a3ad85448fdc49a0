package dev.meanflow.core.metric;

import dev.meanflow.core.distribution.Points;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Sliced Wasserstein-2: the root mean over random unit directions of the squared 1D Wasserstein-2 distance between
 * the projected samples. Samples of different sizes are compared at matched quantiles.
 */
public final class SlicedWasserstein {
  private SlicedWasserstein() {}

  public static double of(Points a, Points b, int projections, RandomGenerator rng) {
    double total = 0;
    for (int k = 0; k < projections; k++) {
      double angle = 2 * Math.PI * rng.nextDouble();
      double[] pa = project(a, Math.cos(angle), Math.sin(angle));
      double[] pb = project(b, Math.cos(angle), Math.sin(angle));
      total += squaredW2(pa, pb);
    }
    return Math.sqrt(total / projections);
  }

  private static double[] project(Points p, double ux, double uy) {
    double[] out = new double[p.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = p.x(i) * ux + p.y(i) * uy;
    }
    Arrays.sort(out);
    return out;
  }

  /** Squared W2 between two sorted 1D samples, comparing quantiles at the finer of the two grids. */
  private static double squaredW2(double[] a, double[] b) {
    int n = Math.max(a.length, b.length);
    double sum = 0;
    for (int q = 0; q < n; q++) {
      double level = (q + 0.5) / n;
      double d = a[(int) (level * a.length)] - b[(int) (level * b.length)];
      sum += d * d;
    }
    return sum / n;
  }
}
