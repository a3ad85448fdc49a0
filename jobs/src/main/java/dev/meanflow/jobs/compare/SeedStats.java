package dev.meanflow.jobs.compare;

import java.util.Collection;

/** Mean and sample standard deviation (n - 1) of one metric over replicate trials; sd is NaN when n < 2. */
public record SeedStats(double mean, double sd, int n) {

  public static SeedStats of(Collection<Double> values) {
    int n = values.size();
    double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
    double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    return new SeedStats(mean, n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN, n);
  }

  /** The sd to draw as an error bar: 0 when undefined, so single-seed points still plot. */
  public double errorBar() {
    return Double.isFinite(sd) ? sd : 0;
  }
}
