package dev.meanflow.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.distribution.Checkerboard;
import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.distribution.StandardGaussian;
import dev.meanflow.core.metric.CellStatistics;
import dev.meanflow.core.reference.ExactVelocity;
import dev.meanflow.core.reference.ReferenceFlow;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.SamplerKind;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The trial's samplers with the exact fields: each converges to the exact map as its steps shrink. */
class OracleSamplerTest {

  private static final Checkerboard BOARD = new Checkerboard(4, 2.0);
  private static final Points NOISE = StandardGaussian.INSTANCE.sample(40, new SplittableRandom(9));

  private static ReferenceFlow flow(Direction direction) {
    return new ReferenceFlow(ExactVelocity.of(BOARD).orElseThrow(), direction);
  }

  /** Largest distance between a sampler's end points and the exact map's. */
  private static double distanceToMap(SamplerKind kind, Direction direction, int steps) {
    ReferenceFlow flow = flow(direction);
    Points sampled = new OracleSampler(kind, flow).sample(NOISE, steps);
    double start = direction == Direction.FORWARD ? 0 : 1;
    double worst = 0;
    for (int i = 0; i < NOISE.size(); i++) {
      double[] end = flow.map(NOISE.x(i), NOISE.y(i), start, 1 - start);
      worst = Math.max(worst, Math.hypot(sampled.x(i) - end[0], sampled.y(i) - end[1]));
    }
    return worst;
  }

  @Test
  void onlyExactJumpsAreTheSameAtEveryStepCount() {
    assertTrue(new OracleSampler(SamplerKind.CONSISTENT, flow(Direction.FORWARD)).exactAtAnyStepCount());
    assertTrue(new OracleSampler(SamplerKind.WRITEUP, flow(Direction.REVERSE)).exactAtAnyStepCount());
    assertTrue(!new OracleSampler(SamplerKind.WRITEUP, flow(Direction.FORWARD)).exactAtAnyStepCount());
    assertTrue(!new OracleSampler(SamplerKind.EULER, flow(Direction.REVERSE)).exactAtAnyStepCount());
  }

  @Test
  void exactJumpsAreTheExactMapAtAnyStepCount() {
    for (int steps : new int[] {1, 3}) {
      assertTrue(distanceToMap(SamplerKind.CONSISTENT, Direction.FORWARD, steps) < 1e-5);
      assertTrue(distanceToMap(SamplerKind.WRITEUP, Direction.REVERSE, steps) < 1e-5);
    }
  }

  @Test
  void eulerWithTheExactVelocityConvergesToTheMap() {
    double coarse = distanceToMap(SamplerKind.EULER, Direction.FORWARD, 8);
    double fine = distanceToMap(SamplerKind.EULER, Direction.FORWARD, 400);
    assertTrue(coarse > 0.05, "8 Euler steps miss the map: " + coarse);
    assertTrue(fine < coarse / 5, "400 Euler steps approach it: " + fine + " against " + coarse);
    assertEquals(distanceToMap(SamplerKind.EULER, Direction.FORWARD, 8),
        distanceToMap(SamplerKind.EULER, Direction.REVERSE, 8), 1e-6, "the reverse path mirrors the forward one");
  }

  @Test
  void theWriteupsForwardStepsMissEvenWithTheExactAverageVelocity() {
    // u*(x, t - dt, t) is the interval behind the state: one step lands far from the data, many approach Euler's
    double oneStep = distanceToMap(SamplerKind.WRITEUP, Direction.FORWARD, 1);
    double many = distanceToMap(SamplerKind.WRITEUP, Direction.FORWARD, 200);
    assertTrue(oneStep > 0.5, "one write-up step: " + oneStep);
    assertTrue(many < oneStep / 5, "200 write-up steps: " + many);
    Points sampled = new OracleSampler(SamplerKind.WRITEUP, flow(Direction.FORWARD))
        .sample(StandardGaussian.INSTANCE.sample(2000, new SplittableRandom(1)), 1);
    Points exact = new OracleSampler(SamplerKind.CONSISTENT, flow(Direction.FORWARD))
        .sample(StandardGaussian.INSTANCE.sample(2000, new SplittableRandom(1)), 1);
    double writeupTv = CellStatistics.of(sampled, BOARD).cellTv();
    double exactTv = CellStatistics.of(exact, BOARD).cellTv();
    assertTrue(exactTv < 0.05, "the exact map's cell TV at 2000 points: " + exactTv);
    assertTrue(writeupTv > 0.5, "the write-up's one forward step with a perfect model: " + writeupTv);
  }
}
