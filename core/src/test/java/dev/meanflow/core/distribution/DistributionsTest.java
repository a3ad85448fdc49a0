package dev.meanflow.core.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.spec.TrialSpec;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DistributionsTest {

  @Test
  void checkerboardFillsTheEightOccupiedCellsUniformly() {
    Checkerboard board = new Checkerboard(4, 2.0);
    Points sample = board.sample(16_000, new SplittableRandom(11));
    long[] counts = new long[16];
    for (int p = 0; p < sample.size(); p++) {
      int i = board.cellOf(sample.x(p));
      int j = board.cellOf(sample.y(p));
      assertTrue(i >= 0 && j >= 0 && Checkerboard.occupied(i, j), "point outside occupied cells");
      counts[i + 4 * j]++;
    }
    long[] occupied = java.util.stream.IntStream.range(0, 16).filter(c -> Checkerboard.occupied(c % 4, c / 4))
        .mapToLong(c -> counts[c]).toArray();
    assertEquals(8, occupied.length);
    double[] expected = new double[8];
    java.util.Arrays.fill(expected, 2000);
    assertTrue(new ChiSquareTest().chiSquareTest(expected, occupied) > 1e-3);
    // the lower-left cell is occupied, its right neighbour is not
    assertTrue(counts[0] > 0 && counts[1] == 0);
  }

  @Test
  void gaussianHasUnitMoments() {
    Points sample = StandardGaussian.INSTANCE.sample(50_000, new SplittableRandom(3));
    SummaryStatistics x = new SummaryStatistics();
    for (int p = 0; p < sample.size(); p++) {
      x.addValue(sample.x(p));
    }
    assertEquals(0, x.getMean(), 0.02);
    assertEquals(1, x.getStandardDeviation(), 0.02);
  }

  @ParameterizedTest
  @EnumSource(TargetKind.class)
  void everyTargetIsReproducibleBoundedAndSeedDependent(TargetKind kind) {
    Distribution target = kind.create(TrialSpec.builder().with(Knobs.TARGET, kind).build());
    Points a = target.sample(1000, new SplittableRandom(5));
    assertEquals(a, target.sample(1000, new SplittableRandom(5)));
    assertNotEquals(a, target.sample(1000, new SplittableRandom(6)));
    for (float value : a.xy()) {
      assertTrue(Float.isFinite(value) && Math.abs(value) < 4, kind + " value " + value);
    }
  }
}
