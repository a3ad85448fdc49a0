package dev.meanflow.jobs.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Two configurations compared on the seeds they share, seed against seed (the same initial weights, batches and
 * evaluation noise): the mean of the differences a - b and the two-sided p-value of a paired t-test. A difference
 * is within noise when p >= {@link #NOISE_LEVEL} or when fewer than two seeds are shared.
 */
public record PairedComparison(int pairs, double meanDifference, double pValue) {

  public static final double NOISE_LEVEL = 0.05;

  /** {@code a} and {@code b}: a metric's value by seed. */
  public static PairedComparison of(Map<Long, Double> a, Map<Long, Double> b) {
    List<double[]> pairs = new ArrayList<>();
    a.forEach((seed, value) -> {
      Double other = b.get(seed);
      if (other != null) {
        pairs.add(new double[] {value, other});
      }
    });
    int n = pairs.size();
    double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
    double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
    double mean = n == 0 ? Double.NaN : pairs.stream().mapToDouble(p -> p[0] - p[1]).sum() / n;
    if (n < 2) {
      return new PairedComparison(n, mean, Double.NaN);
    }
    boolean constant = pairs.stream().allMatch(p -> p[0] - p[1] == x[0] - y[0]);
    // a difference without spread: t is infinite (p 0), or 0 / 0 when there is no difference at all (p 1)
    double p = constant ? (mean == 0 ? 1 : 0) : new TTest().pairedTTest(x, y);
    return new PairedComparison(n, mean, p);
  }

  /** True when the seeds tell the two apart: at least two pairs and p below {@link #NOISE_LEVEL}. */
  public boolean significant() {
    return pairs >= 2 && pValue < NOISE_LEVEL;
  }
}
