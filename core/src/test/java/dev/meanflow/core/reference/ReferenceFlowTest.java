package dev.meanflow.core.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.distribution.Checkerboard;
import dev.meanflow.core.distribution.Distribution;
import dev.meanflow.core.distribution.EightGaussians;
import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.distribution.StandardGaussian;
import dev.meanflow.core.spec.Direction;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.RealDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** The exact velocity against Monte Carlo posteriors, and the exact flow against its known end points. */
class ReferenceFlowTest {

  private static final Checkerboard BOARD = new Checkerboard(4, 2.0);
  private static final EightGaussians GAUSSIANS = new EightGaussians(2.0);

  @Test
  void checkerboardVelocityIsThePosteriorMeanOfTheConditionalVelocity() {
    ExactVelocity exact = ExactVelocity.of(BOARD).orElseThrow();
    double[][] cases = {{0.3, -0.7, 0.1}, {1.2, 0.4, 0.5}, {-1.5, -0.2, 0.8}, {0.6, 1.7, 0.9}, {2.6, -0.1, 0.7}};
    for (double[] c : cases) {
      assertAgreesWithMonteCarlo(exact, StandardGaussian.INSTANCE, BOARD, c[0], c[1], c[2], Direction.FORWARD);
    }
  }

  @Test
  void eightGaussiansVelocityIsThePosteriorMeanOfTheConditionalVelocity() {
    ExactVelocity exact = ExactVelocity.of(GAUSSIANS).orElseThrow();
    double[][] cases = {{0.3, -0.7, 0.1}, {1.2, 0.4, 0.5}, {-1.5, -0.2, 0.8}, {1.3, 1.3, 0.9}};
    for (double[] c : cases) {
      assertAgreesWithMonteCarlo(exact, StandardGaussian.INSTANCE, GAUSSIANS, c[0], c[1], c[2], Direction.FORWARD);
    }
  }

  @Test
  void reverseVelocityIsThePosteriorMeanOfTheReversePath() {
    ExactVelocity exact = ExactVelocity.of(BOARD).orElseThrow();
    double[][] cases = {{0.3, -0.7, 0.2}, {1.2, 0.4, 0.5}, {-1.5, 0.9, 0.85}};
    for (double[] c : cases) {
      assertAgreesWithMonteCarlo(exact, BOARD, StandardGaussian.INSTANCE, c[0], c[1], c[2], Direction.REVERSE);
    }
  }

  @Test
  void velocityIsContinuousAcrossItsTwoEvaluationsAndAtBothEnds() {
    ExactVelocity exact = ExactVelocity.of(BOARD).orElseThrow();
    double[] atZero = new double[2];
    double[] near = new double[2];
    double[] below = new double[2];
    double[] above = new double[2];
    // at t = 0 the posterior is the prior: v* = E[x1] - x, with E[x1] = 0 on the write-up's board
    exact.velocity(0.4, -1.1, 0, atZero);
    assertEquals(-0.4, atZero[0], 1e-12);
    assertEquals(1.1, atZero[1], 1e-12);
    exact.velocity(0.4, -1.1, 1e-7, near);
    assertEquals(atZero[0], near[0], 1e-6);
    assertEquals(atZero[1], near[1], 1e-6);
    // quadrature just below the switch, erf terms just above: one function
    double switchAt = CheckerboardVelocity.CLOSED_FORM_FROM;
    for (double[] p : new double[][] {{0.4, -1.1}, {1.7, 0.2}, {-3.0, 2.5}}) {
      exact.velocity(p[0], p[1], switchAt, below);
      exact.velocity(p[0], p[1], Math.nextUp(switchAt), above);
      assertEquals(below[0], above[0], 1e-10);
      assertEquals(below[1], above[1], 1e-10);
    }
    // inside an occupied cell at t = 1 the posterior is the point itself and v* = (x1 - x_t) / (1 - t) + x1 -> x
    exact.velocity(-1.5, -1.5, 1, near);
    assertEquals(-1.5, near[0], 1e-6);
    assertEquals(-1.5, near[1], 1e-6);
  }

  @Test
  void forwardFlowCarriesNoiseOntoTheCheckerboard() {
    ReferenceFlow flow = new ReferenceFlow(ExactVelocity.of(BOARD).orElseThrow(), Direction.FORWARD);
    double[][] ends = ends(flow, StandardGaussian.INSTANCE.sample(2000, new SplittableRandom(3)));
    int inside = 0;
    for (int i = 0; i < ends[0].length; i++) {
      inside += BOARD.contains(ends[0][i], ends[1][i]) ? 1 : 0;
    }
    assertTrue(inside >= 0.995 * ends[0].length, "inside occupied cells: " + inside);
    // each axis of a 4 x 4 board is uniform on [-2, 2]
    assertMarginals(ends, new UniformRealDistribution(-2, 2));
  }

  @Test
  void reverseFlowCarriesTheEightGaussiansOntoNoise() {
    ReferenceFlow flow = new ReferenceFlow(ExactVelocity.of(GAUSSIANS).orElseThrow(), Direction.REVERSE);
    assertMarginals(ends(flow, GAUSSIANS.sample(2000, new SplittableRandom(4))), new NormalDistribution(0, 1));
  }

  /** Where the exact flow carries each point from t = 0 to t = 1: {xs, ys}. */
  private static double[][] ends(ReferenceFlow flow, Points start) {
    double[][] ends = new double[2][start.size()];
    for (int i = 0; i < start.size(); i++) {
      double[] end = flow.map(start.x(i), start.y(i), 0, 1);
      ends[0][i] = end[0];
      ends[1][i] = end[1];
    }
    return ends;
  }

  /** Both coordinates pass a Kolmogorov-Smirnov test against {@code marginal} at 0.001. */
  private static void assertMarginals(double[][] ends, RealDistribution marginal) {
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    assertTrue(ks.kolmogorovSmirnovTest(marginal, ends[0]) > 1e-3);
    assertTrue(ks.kolmogorovSmirnovTest(marginal, ends[1]) > 1e-3);
  }

  @Test
  void averageVelocitySplitsOverIntervalsAndIsVelocityAtZeroLength() {
    ReferenceFlow flow = new ReferenceFlow(ExactVelocity.of(BOARD).orElseThrow(), Direction.REVERSE);
    double x = 0.7;
    double y = -0.4;
    double t = 0.9;
    double r = 0.2;
    double s = 0.5;
    double[] whole = new double[2];
    double[] late = new double[2];
    double[] early = new double[2];
    flow.average(x, y, r, t, whole);
    flow.average(x, y, s, t, late);
    double[] atS = flow.map(x, y, t, s);
    flow.average(atS[0], atS[1], r, s, early);
    for (int d = 0; d < 2; d++) {
      assertEquals((t - r) * whole[d], (s - r) * early[d] + (t - s) * late[d], 1e-7);
    }
    double[] v = new double[2];
    double[] u = new double[2];
    flow.velocity(x, y, t, v);
    flow.average(x, y, t, t, u);
    assertEquals(v[0], u[0], 0);
    flow.average(x, y, t - 1e-6, t, u);
    assertEquals(v[0], u[0], 1e-5);
    assertEquals(v[1], u[1], 1e-5);
  }

  @Test
  void averageDerivativeIsTheTimeDerivativeAlongTheFlow() {
    for (Direction direction : Direction.values()) {
      ReferenceFlow flow = new ReferenceFlow(ExactVelocity.of(BOARD).orElseThrow(), direction);
      double x = -0.8;
      double y = 1.1;
      double t = 0.6;
      double r = 0.25;
      double h = 1e-3;
      double[] exact = new double[2];
      flow.averageDerivative(x, y, r, t, exact);
      double[] ahead = flow.map(x, y, t, t + h);
      double[] behind = flow.map(x, y, t, t - h);
      double[] uAhead = new double[2];
      double[] uBehind = new double[2];
      flow.average(ahead[0], ahead[1], r, t + h, uAhead);
      flow.average(behind[0], behind[1], r, t - h, uBehind);
      for (int d = 0; d < 2; d++) {
        assertEquals((uAhead[d] - uBehind[d]) / (2 * h), exact[d], 1e-4, direction + " axis " + d);
      }
    }
  }

  /**
   * Self-normalised importance sampling of E[x1 - x0 | x_t = x] on the path from {@code source} (x0) to
   * {@code end} (x1): draw x1 from its distribution, weight it by the density of x0 = (x - t x1) / (1 - t) (so by
   * the likelihood of x_t = x), average x1 - x0.
   */
  private static void assertAgreesWithMonteCarlo(ExactVelocity forward, Distribution source, Distribution end,
      double x, double y, double t, Direction direction) {
    int n = 400_000;
    Points x1 = end.sample(n, new SplittableRandom(17));
    double sigma = 1 - t;
    double sw = 0;
    double sw2 = 0;
    double[] sum = new double[2];
    double[] sumSquares = new double[2];
    for (int i = 0; i < n; i++) {
      double x0x = (x - t * x1.x(i)) / sigma;
      double x0y = (y - t * x1.y(i)) / sigma;
      double w = source == StandardGaussian.INSTANCE
          ? Math.exp(-0.5 * (x0x * x0x + x0y * x0y))
          : sourceDensity(source, x0x, x0y);
      double vx = x1.x(i) - x0x;
      double vy = x1.y(i) - x0y;
      sw += w;
      sw2 += w * w;
      sum[0] += w * vx;
      sum[1] += w * vy;
      sumSquares[0] += w * vx * vx;
      sumSquares[1] += w * vy * vy;
    }
    double effective = sw * sw / sw2;
    ReferenceFlow flow = new ReferenceFlow(forward, direction);
    double[] v = new double[2];
    flow.velocity(x, y, t, v);
    for (int d = 0; d < 2; d++) {
      double mean = sum[d] / sw;
      double sd = Math.sqrt(Math.max(0, sumSquares[d] / sw - mean * mean));
      double se = sd / Math.sqrt(effective);
      assertEquals(mean, v[d], 5 * se + 1e-3,
          "v*(" + x + ", " + y + ", " + t + ")[" + d + "] against Monte Carlo (ESS " + (int) effective + ")");
    }
  }

  /** The checkerboard's density up to its constant, which self-normalisation cancels. */
  private static double sourceDensity(Distribution source, double x, double y) {
    return ((Checkerboard) source).contains(x, y) ? 1 : 0;
  }
}
