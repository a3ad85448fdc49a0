package dev.meanflow.jobs.compare;

import java.util.Collection;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean, sample standard deviation (n - 1) and the half-width of the 95 % confidence interval of the mean (Student's
 * t with n - 1 degrees of freedom) of one metric over replicate trials; sd and ci95 are NaN when n < 2.
 */
public record SeedStats(double mean, double sd, double ci95, int n) {

  public static SeedStats of(Collection<Double> values) {
    int n = values.size();
    double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
    double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    double sd = n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN;
    double ci95 = n > 1 ? new TDistribution(null, n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n)
        : Double.NaN;
    return new SeedStats(mean, sd, ci95, n);
  }

  /** The sd to draw as an error bar: 0 when undefined, so single-seed points still plot. */
  public double errorBar() {
    return Double.isFinite(sd) ? sd : 0;
  }
}
