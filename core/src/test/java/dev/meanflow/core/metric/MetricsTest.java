package dev.meanflow.core.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.distribution.Checkerboard;
import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.distribution.StandardGaussian;
import dev.meanflow.core.distribution.TwoMoons;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static final Checkerboard BOARD = new Checkerboard(4, 2.0);

  @Test
  void targetSamplesAreAllInSupportAndCloseToTheExactCellMass() {
    Points sample = BOARD.sample(40_000, new SplittableRandom(1));
    CellStatistics cells = CellStatistics.of(sample, BOARD);
    assertEquals(1.0, cells.inSupport(), 0.0);
    assertEquals(8, cells.coveredCells());
    // multinomial noise over 8 cells at n = 40000: expected TV about 0.006
    assertTrue(cells.cellTv() < 0.02, "tv " + cells.cellTv());
  }

  @Test
  void handPlacedPointsGiveHandComputedCellStatistics() {
    // cell size 1 on [-2, 2]^2; cell (0, 0) = [-2, -1)^2 is occupied, (1, 0) = [-1, 0) x [-2, -1) is not
    Points points = new Points(new float[] {-1.5f, -1.5f, -1.5f, -1.2f, -0.5f, -1.5f, 3f, 3f});
    CellStatistics cells = CellStatistics.of(points, BOARD);
    assertEquals(0.5, cells.inSupport(), 1e-12);
    // mass: cell(0,0) 0.5, cell(1,0) 0.25, outside 0.25; target 1/8 in each of 8 occupied cells
    double tv = 0.5 * ((0.5 - 0.125) + 0.25 + 0.25 + 7 * 0.125);
    assertEquals(tv, cells.cellTv(), 1e-12);
    assertEquals(1, cells.coveredCells());
  }

  @Test
  void nonFinitePointsCountAsOutside() {
    Points points = new Points(new float[] {Float.NaN, 0f, -1.5f, -1.5f});
    assertEquals(0.5, CellStatistics.of(points, BOARD).inSupport(), 1e-12);
  }

  @Test
  void aTargetAgainstItselfIsNearZeroOnEveryDistance() {
    Points a = BOARD.sample(2000, new SplittableRandom(2));
    Points b = BOARD.sample(2000, new SplittableRandom(3));
    MetricValues q = new QualityEvaluator(BOARD, 2000, 128, 5).evaluate(a, b);
    assertTrue(Math.abs(q.get(Metric.MMD)) < 0.01, "mmd " + q.get(Metric.MMD));
    assertTrue(q.get(Metric.ENERGY) < 0.01, "energy " + q.get(Metric.ENERGY));
    assertTrue(q.get(Metric.SWD) < 0.06, "swd " + q.get(Metric.SWD));
    assertTrue(q.get(Metric.KS_X) < 0.06 && q.get(Metric.KS_Y) < 0.06, "ks " + q.get(Metric.KS_X) + " " + q.get(Metric.KS_Y));
    assertTrue(q.get(Metric.KS_X_P) > 1e-3 && q.get(Metric.KS_Y_P) > 1e-3);
  }

  @Test
  void gaussianAgainstCheckerboardIsFarOnEveryDistance() {
    Points gaussian = StandardGaussian.INSTANCE.sample(2000, new SplittableRandom(4));
    Points board = BOARD.sample(2000, new SplittableRandom(5));
    Points board2 = BOARD.sample(2000, new SplittableRandom(6));
    QualityEvaluator evaluator = new QualityEvaluator(BOARD, 2000, 128, 5);
    MetricValues far = evaluator.evaluate(gaussian, board);
    MetricValues near = evaluator.evaluate(board2, board);
    assertTrue(far.get(Metric.IN_SUPPORT) < 0.6 && far.get(Metric.CELL_TV) > 0.3, "cells " + far);
    assertTrue(far.get(Metric.MMD) > 20 * Math.abs(near.get(Metric.MMD)) && far.get(Metric.MMD) > 0.02, "mmd " + far.get(Metric.MMD));
    assertTrue(far.get(Metric.ENERGY) > 10 * near.get(Metric.ENERGY), "energy " + far.get(Metric.ENERGY));
    assertTrue(far.get(Metric.SWD) > 3 * near.get(Metric.SWD), "swd " + far.get(Metric.SWD));
    assertTrue(far.get(Metric.KS_X_P) < 1e-6);
  }

  @Test
  void nonCheckerboardTargetsHaveNoCellMetrics() {
    TwoMoons moons = new TwoMoons(2.0);
    Points a = moons.sample(500, new SplittableRandom(1));
    MetricValues q = new QualityEvaluator(moons, 500, 16, 1).evaluate(a, moons.sample(500, new SplittableRandom(2)));
    assertTrue(Double.isNaN(q.get(Metric.IN_SUPPORT)) && Double.isNaN(q.get(Metric.CELL_TV)) && Double.isNaN(q.get(Metric.COVERED_CELLS)));
    assertTrue(Double.isFinite(q.get(Metric.SWD)));
  }

  @Test
  void distancesAreSymmetric() {
    Points a = BOARD.sample(300, new SplittableRandom(8));
    Points b = StandardGaussian.INSTANCE.sample(300, new SplittableRandom(9));
    assertEquals(KernelDistances.mmd(a, b, KernelDistances.BANDWIDTHS),
        KernelDistances.mmd(b, a, KernelDistances.BANDWIDTHS), 1e-12);
    assertEquals(KernelDistances.energy(a, b), KernelDistances.energy(b, a), 1e-12);
    assertEquals(SlicedWasserstein.of(a, b, 64, new SplittableRandom(1)),
        SlicedWasserstein.of(b, a, 64, new SplittableRandom(1)), 1e-12);
  }

  @Test
  void handComputedSmallCases() {
    Points a = new Points(new float[] {0, 0, 1, 0});
    Points b = new Points(new float[] {0, 0, 0, 1});
    // cross distances 0, 1, 1, sqrt 2; within each set 0, 1, 1, 0 (V-statistics)
    assertEquals(2 * (2 + Math.sqrt(2)) / 4 - 0.5 - 0.5, KernelDistances.energy(a, b), 1e-12);
    // MMD of a set against itself with one bandwidth s: within terms k(p, q), cross mean (2 + 2 k) / 4
    double k = Math.exp(-1.0 / 2);
    assertEquals(2 * k - (2 + 2 * k) / 2, KernelDistances.mmd(a, a, new double[] {1.0}), 1e-12);
    // one point each, distance 1 along x: E over uniform directions of cos^2 = 1/2
    Points p = new Points(new float[] {0, 0});
    Points q = new Points(new float[] {1, 0});
    assertEquals(Math.sqrt(0.5), SlicedWasserstein.of(p, q, 20_000, new SplittableRandom(3)), 0.01);
    // Kolmogorov-Smirnov agrees with Commons Math on disjoint samples: statistic 1
    assertEquals(1.0, new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(new double[] {0, 1}, new double[] {2, 3}));
  }
}
