package dev.meanflow.core.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.distribution.Checkerboard;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Orientation;
import dev.meanflow.core.spec.TimeSampling;
import dev.meanflow.core.time.IntervalSampler;
import dev.meanflow.core.time.TimeSampler;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BatchSamplerTest {

  private static final TimeSampler UNIFORM = new TimeSampler(TimeSampling.UNIFORM, 0, 1);
  private static final Checkerboard BOARD = new Checkerboard(4, 2.0);

  private static Batch draw(Flow flow, Direction direction, Orientation orientation, double share) {
    BatchSampler sampler = new BatchSampler(flow, direction, BOARD, UNIFORM,
        new IntervalSampler(UNIFORM, orientation, share));
    return sampler.draw(20_000, new SplittableRandom(4));
  }

  @Test
  void orderedIntervalsHaveREqualToTheMinimum() {
    Batch batch = draw(Flow.MF, Direction.REVERSE, Orientation.ORDERED, 1.0);
    for (int i = 0; i < batch.size(); i++) {
      assertTrue(batch.r()[i] < batch.t()[i]);
    }
    // E[max of two uniforms] = 2/3
    double meanT = 0;
    for (float t : batch.t()) {
      meanT += t / batch.size();
    }
    assertEquals(2.0 / 3, meanT, 0.01);
  }

  @Test
  void signedIntervalsKeepBothOrders() {
    Batch batch = draw(Flow.MF, Direction.FORWARD, Orientation.SIGNED, 1.0);
    int rAfterT = 0;
    for (int i = 0; i < batch.size(); i++) {
      rAfterT += batch.r()[i] > batch.t()[i] ? 1 : 0;
    }
    assertEquals(0.5, rAfterT / (double) batch.size(), 0.02);
  }

  @Test
  void shareControlsHowManySamplesHaveDistinctTimes() {
    Batch batch = draw(Flow.MF, Direction.FORWARD, Orientation.ORDERED, 0.25);
    int distinct = 0;
    for (int i = 0; i < batch.size(); i++) {
      distinct += batch.r()[i] != batch.t()[i] ? 1 : 0;
    }
    assertEquals(0.25, distinct / (double) batch.size(), 0.02);
  }

  @Test
  void linearPathAndVelocityFollowTheDirection() {
    // reverse: x0 is data (in the board), x1 is noise; at t near 0 x_t is near the data
    Batch reverse = draw(Flow.FM, Direction.REVERSE, Orientation.ORDERED, 1.0);
    assertEquals(null, reverse.r());
    int checked = 0;
    for (int i = 0; i < reverse.size(); i++) {
      double t = reverse.t()[i];
      // x0 = x_t - t v is data: always inside the board
      double x0 = reverse.xt()[2 * i] - t * reverse.v()[2 * i];
      double y0 = reverse.xt()[2 * i + 1] - t * reverse.v()[2 * i + 1];
      assertTrue(BOARD.cellOf(x0) >= 0 && BOARD.cellOf(y0) >= 0, "x0 outside board: " + x0 + ", " + y0);
      checked++;
    }
    assertEquals(20_000, checked);
  }

  @Test
  void logitNormalTimesHaveTheRequestedLogitMean() {
    TimeSampler sampler = new TimeSampler(TimeSampling.LOGIT_NORMAL, -0.4, 1.0);
    SplittableRandom rng = new SplittableRandom(2);
    double meanLogit = 0;
    int n = 50_000;
    for (int i = 0; i < n; i++) {
      double t = sampler.draw(rng);
      assertTrue(t > 0 && t < 1);
      meanLogit += Math.log(t / (1 - t)) / n;
    }
    assertEquals(-0.4, meanLogit, 0.02);
  }

  @Test
  void aWarmUpGrowsTheShareOfDistinctIntervalsLinearlyWithoutChangingTheDraws() {
    BatchSampler warm = new BatchSampler(Flow.MF, Direction.REVERSE, BOARD, UNIFORM,
        new IntervalSampler(UNIFORM, Orientation.ORDERED, 0.8, 1000));
    BatchSampler plain = new BatchSampler(Flow.MF, Direction.REVERSE, BOARD, UNIFORM,
        new IntervalSampler(UNIFORM, Orientation.ORDERED, 0.8));
    int[] iterations = {0, 250, 500, 1000, 5000};
    double[] shares = {0, 0.2, 0.4, 0.8, 0.8};
    for (int k = 0; k < iterations.length; k++) {
      Batch batch = warm.draw(20_000, new SplittableRandom(4), iterations[k]);
      Batch same = plain.draw(20_000, new SplittableRandom(4), iterations[k]);
      int distinct = 0;
      for (int i = 0; i < batch.size(); i++) {
        distinct += batch.r()[i] != batch.t()[i] ? 1 : 0;
        assertEquals(same.t()[i], batch.t()[i], "the draws themselves do not depend on the warm-up");
        assertEquals(same.xt()[2 * i], batch.xt()[2 * i]);
      }
      assertEquals(shares[k], distinct / (double) batch.size(), 0.012, "share at iteration " + iterations[k]);
    }
  }

  @Test
  void splitPointsAreUniformAndDrawnOnlyWhenAsked() {
    BatchSampler split = new BatchSampler(Flow.MF, Direction.REVERSE, BOARD, UNIFORM,
        new IntervalSampler(UNIFORM, Orientation.ORDERED, 1.0), true);
    Batch batch = split.draw(20_000, new SplittableRandom(4));
    double mean = 0;
    for (float lambda : batch.split()) {
      assertTrue(lambda >= 0 && lambda < 1);
      mean += lambda / batch.size();
    }
    assertEquals(0.5, mean, 0.01);
    assertEquals(null, draw(Flow.MF, Direction.REVERSE, Orientation.ORDERED, 1.0).split());
  }
}
