package dev.meanflow.core.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.JvpMode;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The losses against hand computations on a linear model u = z W + b. */
class ObjectiveTest {

  @BeforeAll
  static void engine() {
    Torch.ensureLoaded();
  }

  @Test
  void adaptiveWeightMatchesTheHandComputedLoss() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray err = manager.create(new float[] {1, 1, 2, 0}, new ai.djl.ndarray.types.Shape(1, 2, 2));
      // p = 0: plain MSE (1 + 1 + 4 + 0) / 4
      assertEquals(1.5, AdaptiveWeight.single(0, 1e-3).losses(err).getFloat(), 1e-6);
      // p = 1, c = 0: per-sample sums 2 and 4 weighted 1/2 and 1/4 -> mean 1, over 2 dims -> 0.5
      assertEquals(0.5, AdaptiveWeight.single(1, 0).losses(err).getFloat(), 1e-6);
      // two members side by side, each with its own weight: the same two numbers
      NDArray both = manager.create(new float[] {1, 1, 2, 0, 1, 1, 2, 0}, new ai.djl.ndarray.types.Shape(2, 2, 2));
      float[] losses = new AdaptiveWeight(new double[] {0, 1}, new double[] {1e-3, 0}).losses(both).toFloatArray();
      assertEquals(1.5, losses[0], 1e-6);
      assertEquals(0.5, losses[1], 1e-6);
    }
  }

  @Test
  void meanFlowLossMatchesTheHandComputedTargetIncludingSignedIntervals() {
    float[] w = {0.5f, -1f, 2f, 0.25f, 1.5f, -0.5f, -2f, 1f}; // [4, 2]: rows x, y, t, r
    float[] b = {0.1f, -0.2f};
    // two samples: an ordered interval (r < t) and a signed one (r > t)
    float[] xt = {0.3f, -0.7f, 1.2f, 0.4f};
    float[] v = {1f, 2f, -0.5f, 0.8f};
    float[] t = {0.9f, 0.2f};
    float[] r = {0.3f, 0.6f};
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      for (int k = 0; k < 2; k++) {
        double u = xt[2 * i] * w[k] + xt[2 * i + 1] * w[2 + k] + t[i] * w[4 + k] + r[i] * w[6 + k] + b[k];
        double dudt = v[2 * i] * w[k] + v[2 * i + 1] * w[2 + k] + w[4 + k]; // tangent (v, 1, 0)
        double target = v[2 * i + k] - (t[i] - r[i]) * dudt;
        expected += (u - target) * (u - target) / 4;
      }
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Mlp linear = Mlp.fromParameters(manager.newSubManager(), List.of(
          manager.create(w, new ai.djl.ndarray.types.Shape(1, 4, 2)),
          manager.create(b, new ai.djl.ndarray.types.Shape(1, 1, 2))));
      List<Batch> batch = List.of(new Batch(2, xt, v, t, r));
      for (JvpMode mode : JvpMode.values()) {
        MeanFlowObjective objective = new MeanFlowObjective(Conditioning.T_R, mode, AdaptiveWeight.single(0, 1e-3));
        assertEquals(expected, objective.losses(linear, batch, manager).getFloat(), 1e-4 * expected, mode.key());
      }
      // flow matching regresses v itself: same model with its r row dropped
      Mlp fmModel = Mlp.fromParameters(manager.newSubManager(), List.of(
          manager.create(java.util.Arrays.copyOf(w, 6), new ai.djl.ndarray.types.Shape(1, 3, 2)),
          manager.create(b, new ai.djl.ndarray.types.Shape(1, 1, 2))));
      double fmExpected = 0;
      for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 2; k++) {
          double pred = xt[2 * i] * w[k] + xt[2 * i + 1] * w[2 + k] + t[i] * w[4 + k] + b[k];
          fmExpected += (pred - v[2 * i + k]) * (pred - v[2 * i + k]) / 4;
        }
      }
      double fm = new FlowMatchingObjective(AdaptiveWeight.single(0, 1e-3))
          .losses(fmModel, List.of(new Batch(2, xt, v, t, null)), manager).getFloat();
      assertEquals(fmExpected, fm, 1e-4 * fmExpected);
    }
  }
}
