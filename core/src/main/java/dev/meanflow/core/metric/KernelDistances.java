package dev.meanflow.core.metric;

import dev.meanflow.core.distribution.Points;

/**
 * Two-sample distances built on all pairs of points (quadratic cost: callers subsample): the unbiased squared MMD
 * with a sum of Gaussian RBF kernels, and the energy distance. Both are near 0 for samples of one distribution.
 */
public final class KernelDistances {

  /** RBF bandwidths (standard deviations) spanning cell-sized to board-sized structure of the 2D targets. */
  public static final double[] BANDWIDTHS = {0.1, 0.25, 0.5, 1.0, 2.0};

  private KernelDistances() {}

  /** Unbiased estimate of MMD^2 with k(a, b) = sum_s exp(-|a - b|^2 / (2 s^2)); can be slightly negative. */
  public static double mmd(Points a, Points b, double[] bandwidths) {
    double[] gammas = new double[bandwidths.length];
    for (int s = 0; s < gammas.length; s++) {
      gammas[s] = 1 / (2 * bandwidths[s] * bandwidths[s]);
    }
    double aa = meanKernel(a, a, gammas, true);
    double bb = meanKernel(b, b, gammas, true);
    double ab = meanKernel(a, b, gammas, false);
    return aa + bb - 2 * ab;
  }

  /**
   * Energy distance 2 E|A - B| - E|A - A'| - E|B - B'| (V-statistics over all pairs, so it is never negative and is
   * 0 only for identical samples).
   */
  public static double energy(Points a, Points b) {
    return 2 * meanDistance(a, b) - meanDistance(a, a) - meanDistance(b, b);
  }

  private static double meanKernel(Points a, Points b, double[] gammas, boolean within) {
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      for (int j = within ? i + 1 : 0; j < b.size(); j++) {
        double dx = a.x(i) - b.x(j);
        double dy = a.y(i) - b.y(j);
        double d2 = dx * dx + dy * dy;
        for (double gamma : gammas) {
          sum += Math.exp(-gamma * d2);
        }
      }
    }
    return sum / pairs(a.size(), b.size(), within);
  }

  private static double meanDistance(Points a, Points b) {
    double sum = 0;
    for (int i = 0; i < a.size(); i++) {
      for (int j = 0; j < b.size(); j++) {
        double dx = a.x(i) - b.x(j);
        double dy = a.y(i) - b.y(j);
        sum += Math.sqrt(dx * dx + dy * dy);
      }
    }
    return sum / ((double) a.size() * b.size());
  }

  private static double pairs(int n, int m, boolean within) {
    return within ? n * (n - 1) / 2.0 : (double) n * m;
  }
}
