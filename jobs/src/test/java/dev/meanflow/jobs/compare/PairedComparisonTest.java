package dev.meanflow.jobs.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seed statistics and paired comparisons against Student's t worked by hand. */
class PairedComparisonTest {

  @Test
  void confidenceIntervalIsStudentsTTimesTheStandardError() {
    SeedStats stat = SeedStats.of(List.of(1.0, 2.0, 3.0, 4.0));
    // sd = sqrt(5/3); t(0.975, 3 df) = 3.182446305 (tables)
    assertEquals(3.182446305 * Math.sqrt(5.0 / 3) / 2, stat.ci95(), 1e-8);
    assertTrue(Double.isNaN(SeedStats.of(List.of(1.0)).ci95()));
  }

  @Test
  void pairsTheSeedsBothRanAndTestsTheirDifferences() {
    // seed 9 ran only in a: left out. Differences a - b: -0.1, -0.3, 0.1, -0.4, -0.2
    Map<Long, Double> a = Map.of(0L, 1.0, 1L, 2.0, 2L, 3.0, 3L, 4.0, 4L, 5.0, 9L, 100.0);
    Map<Long, Double> b = Map.of(0L, 1.1, 1L, 2.3, 2L, 2.9, 3L, 4.4, 4L, 5.2);
    PairedComparison paired = PairedComparison.of(a, b);
    assertEquals(5, paired.pairs());
    assertEquals(-0.18, paired.meanDifference(), 1e-12);
    // t = -0.18 / (sqrt(0.037) / sqrt(5)) = -2.0925 with 4 df: two-sided p = 0.1045 (tables)
    assertEquals(0.1045, paired.pValue(), 5e-4);
    assertFalse(paired.significant(), "p > 0.05: within noise");
  }

  @Test
  void aConsistentDifferenceIsSignificantAndOneSeedIsNeverTested() {
    Map<Long, Double> a = Map.of(0L, 0.20, 1L, 0.22, 2L, 0.19, 3L, 0.21);
    Map<Long, Double> b = Map.of(0L, 0.40, 1L, 0.45, 2L, 0.41, 3L, 0.43);
    assertTrue(PairedComparison.of(a, b).significant());
    PairedComparison shift = PairedComparison.of(Map.of(0L, 1.0, 1L, 2.0), Map.of(0L, 0.5, 1L, 1.5));
    assertEquals(0, shift.pValue(), 0, "the same difference on every seed");
    PairedComparison single = PairedComparison.of(Map.of(0L, 1.0), Map.of(0L, 2.0));
    assertTrue(Double.isNaN(single.pValue()));
    assertFalse(single.significant());
  }
}
