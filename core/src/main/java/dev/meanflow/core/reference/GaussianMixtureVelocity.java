package dev.meanflow.core.reference;

import dev.meanflow.core.distribution.EightGaussians;

/**
 * v* for a mixture of isotropic Gaussians N(mu_k, sigma^2 I) with equal weights. Given component k, x_t is
 * Gaussian with mean t mu_k and variance tau^2 = t^2 sigma^2 + (1 - t)^2, and (x0, x1) are jointly Gaussian with
 * it, so E[x1 - x0 | x_t = x, k] = mu_k + (t sigma^2 - (1 - t)) (x - t mu_k) / tau^2; the components are weighted
 * by their density at x. Regular at both ends (tau > 0 for sigma > 0).
 */
record GaussianMixtureVelocity(double[] centresX, double[] centresY, double sigma) implements ExactVelocity {

  static GaussianMixtureVelocity of(EightGaussians target) {
    double[] cx = new double[EightGaussians.COMPONENTS];
    double[] cy = new double[EightGaussians.COMPONENTS];
    for (int k = 0; k < EightGaussians.COMPONENTS; k++) {
      cx[k] = target.centreX(k);
      cy[k] = target.centreY(k);
    }
    return new GaussianMixtureVelocity(cx, cy, target.std());
  }

  @Override
  public void velocity(double x, double y, double t, double[] out) {
    int n = centresX.length;
    double tau2 = t * t * sigma * sigma + (1 - t) * (1 - t);
    double gain = (t * sigma * sigma - (1 - t)) / tau2;
    double[] logDensity = new double[n];
    double best = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      double dx = x - t * centresX[k];
      double dy = y - t * centresY[k];
      logDensity[k] = -(dx * dx + dy * dy) / (2 * tau2);
      best = Math.max(best, logDensity[k]);
    }
    double total = 0;
    double vx = 0;
    double vy = 0;
    for (int k = 0; k < n; k++) {
      double w = Math.exp(logDensity[k] - best);
      total += w;
      vx += w * (centresX[k] + gain * (x - t * centresX[k]));
      vy += w * (centresY[k] + gain * (y - t * centresY[k]));
    }
    out[0] = vx / total;
    out[1] = vy / total;
  }
}
