package dev.meanflow.core.reference;

import org.apache.commons.numbers.gamma.Erfcx;

/**
 * A standard normal restricted to {@code [alpha, beta]}: the log of its mass and the shift of its mean, both stable
 * far in the tails, where the exact flow of a uniform target spends its last steps (the posterior's spread goes to
 * zero as t goes to 1, so most intervals sit tens of standard deviations away).
 */
final class GaussianInterval {
  private GaussianInterval() {}

  private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double SQRT_2 = Math.sqrt(2);

  /**
   * log P(alpha <= Z <= beta), alpha < beta, given the far tails {@code logUpperTail(|alpha|)} and
   * {@code logUpperTail(|beta|)} (neighbouring intervals share a bound: its tail is computed once).
   */
  static double logMass(double alpha, double beta, double tailAlpha, double tailBeta) {
    if (alpha >= 0) {
      return logDifference(tailAlpha, tailBeta);
    }
    if (beta <= 0) {
      return logDifference(tailBeta, tailAlpha);
    }
    return Math.log1p(-(Math.exp(tailAlpha) + Math.exp(tailBeta)));
  }

  /** E[Z | alpha <= Z <= beta] = (phi(alpha) - phi(beta)) / mass, given the log densities and the log mass. */
  static double meanShift(double logDensityAlpha, double logDensityBeta, double logMass) {
    return Math.exp(logDensityAlpha - logMass) - Math.exp(logDensityBeta - logMass);
  }

  /** log P(Z > z), z >= 0 or infinite: through the scaled erfcx, which never underflows. */
  static double logUpperTail(double z) {
    if (z == Double.POSITIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    return Math.log(0.5 * Erfcx.value(z / SQRT_2)) - 0.5 * z * z;
  }

  static double logDensity(double z) {
    return Double.isInfinite(z) ? Double.NEGATIVE_INFINITY : -0.5 * z * z - LOG_SQRT_2PI;
  }

  /** log(e^a - e^b) for a >= b. */
  private static double logDifference(double a, double b) {
    return b == Double.NEGATIVE_INFINITY ? a : a + Math.log1p(-Math.exp(b - a));
  }
}
