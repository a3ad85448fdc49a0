package dev.meanflow.core.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.meanflow.core.distribution.Checkerboard;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.objective.Batch;
import dev.meanflow.core.objective.BatchSampler;
import dev.meanflow.core.reference.ExactVelocity;
import dev.meanflow.core.reference.ReferenceFlow;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Orientation;
import dev.meanflow.core.spec.TimeSampling;
import dev.meanflow.core.time.IntervalSampler;
import dev.meanflow.core.time.TimeSampler;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The truth errors of a linear network, u = z W + b, whose output and du/dt the test computes itself: the errors
 * must be the mean squared distances to the exact fields, and every central difference of a linear map is exact.
 */
class TruthComparisonTest {

  private static final Checkerboard BOARD = new Checkerboard(4, 2.0);

  @BeforeAll
  static void engine() {
    Torch.ensureLoaded();
  }

  @Test
  void errorsOfALinearMeanFlowNetworkAreItsDistancesToTheExactFields() {
    ReferenceFlow flow = new ReferenceFlow(ExactVelocity.of(BOARD).orElseThrow(), Direction.REVERSE);
    TimeSampler times = new TimeSampler(TimeSampling.UNIFORM, 0, 1);
    BatchSampler sampler = new BatchSampler(Flow.MF, Direction.REVERSE, BOARD, times,
        new IntervalSampler(times, Orientation.ORDERED, 1.0));
    Batch batch = sampler.draw(300, new SplittableRandom(5));
    try (NDManager manager = NDManager.newBaseManager()) {
      Mlp linear = Mlp.create(manager, DataType.FLOAT64, 4, 8, 0, 2, new SplittableRandom(2));
      double[] w = linear.parameters().get(0).toDoubleArray(); // [4, 2] row-major
      double[] b = linear.parameters().get(1).toDoubleArray();
      TruthErrors errors = TruthComparison.measure(linear, Conditioning.T_R, flow, batch);

      double field = 0;
      double scale = 0;
      double derivative = 0;
      int kept = 0;
      double[] u = new double[2];
      double[] v = new double[2];
      double[] dudt = new double[2];
      for (int i = 0; i < batch.size(); i++) {
        double[] z = {batch.xt()[2 * i], batch.xt()[2 * i + 1], batch.t()[i], batch.r()[i]};
        double t = z[2];
        double r = z[3];
        flow.average(z[0], z[1], r, t, u);
        flow.velocity(z[0], z[1], t, v);
        double[] tangent = {(float) v[0], (float) v[1], 1, 0}; // the tangent travels in the batch's float32
        for (int j = 0; j < 2; j++) {
          double out = b[j];
          double along = 0;
          for (int in = 0; in < 4; in++) {
            out += z[in] * w[2 * in + j];
            along += tangent[in] * w[2 * in + j];
          }
          field += (out - u[j]) * (out - u[j]);
          scale += u[j] * u[j];
          if (Math.abs(t - r) >= TruthComparison.SHORTEST_INTERVAL) {
            double truth = (v[j] - u[j]) / (t - r);
            derivative += (along - truth) * (along - truth);
          }
        }
        kept += Math.abs(t - r) >= TruthComparison.SHORTEST_INTERVAL ? 1 : 0;
      }
      assertEquals(field / batch.size(), errors.field(), 1e-9 * field / batch.size());
      assertEquals(scale / batch.size(), errors.fieldScale(), 1e-9 * scale / batch.size());
      assertEquals(derivative / kept, errors.dudtJvp(), 1e-9 * derivative / kept);
      for (double fd : errors.dudtFiniteDifference()) {
        assertEquals(errors.dudtJvp(), fd, 1e-6 * errors.dudtJvp(), "a central difference of a linear map");
      }
      assertTrue(errors.dudtScale() > 0);
    }
  }

  @Test
  void flowMatchingComparesVelocitiesOnly() {
    ReferenceFlow flow = new ReferenceFlow(ExactVelocity.of(BOARD).orElseThrow(), Direction.FORWARD);
    TimeSampler times = new TimeSampler(TimeSampling.UNIFORM, 0, 1);
    Batch batch = new BatchSampler(Flow.FM, Direction.FORWARD, BOARD, times,
        new IntervalSampler(times, Orientation.ORDERED, 1.0)).draw(200, new SplittableRandom(6));
    try (NDManager manager = NDManager.newBaseManager()) {
      Mlp zero = Mlp.create(manager, DataType.FLOAT64, 3, 8, 0, 2, new SplittableRandom(2));
      zero.parameters().forEach(p -> p.muli(0));
      TruthErrors errors = TruthComparison.measure(zero, Conditioning.T_R, flow, batch);
      assertEquals(errors.fieldScale(), errors.field(), 1e-12, "a network that outputs 0 misses by the truth's norm");
      assertTrue(Double.isNaN(errors.dudtJvp()));
    }
  }
}
