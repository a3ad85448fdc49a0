package dev.meanflow.core.metric;

import dev.meanflow.core.distribution.Checkerboard;
import dev.meanflow.core.distribution.Distribution;
import dev.meanflow.core.distribution.Points;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * What every metric reads: the generated points, a reference sample of the target and the target itself. Shared
 * intermediate results (cell counts, a KS test) are computed once, on first use.
 */
public final class MetricInputs {
  /** A two-sample KS result. */
  public record KsResult(double statistic, double pValue) {}

  private final Distribution target;
  private final Points generated;
  private final Points reference;
  private final int pairwiseCap;
  private final int projections;
  private final long seed;
  private final boolean generatedFinite;
  private CellStatistics cells;
  private KsResult ksX;
  private KsResult ksY;

  MetricInputs(Distribution target, Points generated, Points reference, int pairwiseCap, int projections, long seed) {
    this.target = target;
    this.generated = generated;
    this.reference = reference;
    this.pairwiseCap = pairwiseCap;
    this.projections = projections;
    this.seed = seed;
    this.generatedFinite = allFinite(generated);
  }

  boolean hasCells() {
    return target instanceof Checkerboard;
  }

  boolean generatedFinite() {
    return generatedFinite;
  }

  CellStatistics cells() {
    if (cells == null) {
      cells = CellStatistics.of(generated, (Checkerboard) target);
    }
    return cells;
  }

  /** The quadratic-cost distances (MMD, energy) use the first {@code pairwiseCap} points of each side. */
  Points pairwiseGenerated() {
    return generated.head(pairwiseCap);
  }

  Points pairwiseReference() {
    return reference.head(pairwiseCap);
  }

  double swd() {
    return SlicedWasserstein.of(generated, reference, projections, new SplittableRandom(seed));
  }

  KsResult ksX() {
    if (ksX == null) {
      ksX = ks(generated.xs(), reference.xs());
    }
    return ksX;
  }

  KsResult ksY() {
    if (ksY == null) {
      ksY = ks(generated.ys(), reference.ys());
    }
    return ksY;
  }

  private static KsResult ks(double[] a, double[] b) {
    KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
    return new KsResult(test.kolmogorovSmirnovStatistic(a, b), test.kolmogorovSmirnovTest(a, b));
  }

  private static boolean allFinite(Points points) {
    for (float value : points.xy()) {
      if (!Float.isFinite(value)) {
        return false;
      }
    }
    return true;
  }
}
