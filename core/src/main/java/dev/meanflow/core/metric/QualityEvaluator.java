package dev.meanflow.core.metric;

import dev.meanflow.core.distribution.Checkerboard;
import dev.meanflow.core.distribution.Distribution;
import dev.meanflow.core.distribution.Points;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Scores generated points against a reference sample of the target. The quadratic-cost distances (MMD, energy) use
 * the first {@code pairwiseCap} points of each side; the rest use every point.
 */
public record QualityEvaluator(Distribution target, int pairwiseCap, int projections, long seed) {

  public static final int DEFAULT_PAIRWISE_CAP = 2000;
  public static final int DEFAULT_PROJECTIONS = 128;

  public SampleQuality evaluate(Points generated, Points reference) {
    double inSupport = Double.NaN;
    double cellTv = Double.NaN;
    double covered = Double.NaN;
    if (target instanceof Checkerboard board) {
      CellStatistics cells = CellStatistics.of(generated, board);
      inSupport = cells.inSupport();
      cellTv = cells.cellTv();
      covered = cells.coveredCells();
    }
    if (!allFinite(generated)) {
      // a blown-up model: the cell metrics above still say how bad; distances of infinities mean nothing
      double nan = Double.NaN;
      return new SampleQuality(inSupport, cellTv, covered, nan, nan, nan, nan, nan, nan, nan);
    }
    Points a = generated.head(pairwiseCap);
    Points b = reference.head(pairwiseCap);
    double mmd = KernelDistances.mmd(a, b, KernelDistances.BANDWIDTHS);
    double energy = KernelDistances.energy(a, b);
    double swd = SlicedWasserstein.of(generated, reference, projections, new SplittableRandom(seed));
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    double[] gx = generated.xs();
    double[] gy = generated.ys();
    double[] rx = reference.xs();
    double[] ry = reference.ys();
    return new SampleQuality(
        inSupport,
        cellTv,
        covered,
        mmd,
        energy,
        swd,
        ks.kolmogorovSmirnovStatistic(gx, rx),
        ks.kolmogorovSmirnovStatistic(gy, ry),
        ks.kolmogorovSmirnovTest(gx, rx),
        ks.kolmogorovSmirnovTest(gy, ry));
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
