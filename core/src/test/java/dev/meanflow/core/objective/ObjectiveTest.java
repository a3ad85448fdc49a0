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

  /** u = z W + b on (x, y, t, r) in doubles: {@code out} columns of W [4, out] row-major. */
  private static double linear(float[] w, float[] b, int out, int column, double x, double y, double t, double r) {
    return x * w[column] + y * w[out + column] + t * w[2 * out + column] + r * w[3 * out + column] + b[column];
  }

  private static Mlp linearModel(NDManager manager, float[] w, float[] b, int out) {
    return Mlp.fromParameters(manager.newSubManager(), List.of(
        manager.create(w, new ai.djl.ndarray.types.Shape(1, 4, out)),
        manager.create(b, new ai.djl.ndarray.types.Shape(1, 1, out))));
  }

  @Test
  void splitMeanFlowRegressesOnTheTwoHalvesOfTheIntervalAndOnVWhereRIsT() {
    float[] w = {0.5f, -1f, 2f, 0.25f, 1.5f, -0.5f, -2f, 1f};
    float[] b = {0.1f, -0.2f};
    float[] xt = {0.3f, -0.7f, 1.2f, 0.4f, -0.6f, 0.9f};
    float[] v = {1f, 2f, -0.5f, 0.8f, 0.3f, -1.1f};
    float[] t = {0.9f, 0.2f, 0.5f};
    float[] r = {0.3f, 0.6f, 0.5f}; // ordered, signed, and r = t
    float[] lambda = {0.25f, 0.7f, 0.4f};
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      double s = t[i] - lambda[i] * (t[i] - r[i]);
      for (int k = 0; k < 2; k++) {
        double u = linear(w, b, 2, k, xt[2 * i], xt[2 * i + 1], t[i], r[i]);
        double target = v[2 * i + k];
        if (r[i] != t[i]) {
          double[] late = new double[2];
          for (int j = 0; j < 2; j++) {
            late[j] = linear(w, b, 2, j, xt[2 * i], xt[2 * i + 1], t[i], s);
          }
          double zx = xt[2 * i] - (t[i] - s) * late[0];
          double zy = xt[2 * i + 1] - (t[i] - s) * late[1];
          double early = linear(w, b, 2, k, zx, zy, s, r[i]);
          target = (1 - lambda[i]) * early + lambda[i] * late[k];
        }
        expected += (u - target) * (u - target) / 6;
      }
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Mlp model = linearModel(manager, w, b, 2);
      float loss = new SplitMeanFlowObjective(Conditioning.T_R, AdaptiveWeight.single(0, 1e-3))
          .losses(model, List.of(new Batch(3, xt, v, t, r, lambda)), manager).getFloat();
      assertEquals(expected, loss, 1e-4 * expected);
    }
  }

  @Test
  void improvedMeanFlowTurnsUIntoAVelocityAlongItsOwnPredictedV() {
    // W [4, 4]: columns 0-1 are u, 2-3 the auxiliary v
    float[] w = {0.5f, -1f, 0.3f, 0.2f, 2f, 0.25f, -0.4f, 0.6f, 1.5f, -0.5f, 0.7f, -0.1f, -2f, 1f, 0.05f, 0.9f};
    float[] b = {0.1f, -0.2f, 0.3f, -0.05f};
    float[] xt = {0.3f, -0.7f, 1.2f, 0.4f};
    float[] v = {1f, 2f, -0.5f, 0.8f};
    float[] t = {0.9f, 0.2f};
    float[] r = {0.3f, 0.6f};
    double compound = 0;
    double auxiliary = 0;
    for (int i = 0; i < 2; i++) {
      double[] predicted = new double[2]; // v_aux(z_t, t, t), the tangent
      for (int j = 0; j < 2; j++) {
        predicted[j] = linear(w, b, 4, 2 + j, xt[2 * i], xt[2 * i + 1], t[i], t[i]);
      }
      for (int k = 0; k < 2; k++) {
        double u = linear(w, b, 4, k, xt[2 * i], xt[2 * i + 1], t[i], r[i]);
        double dudt = (float) predicted[0] * w[k] + (float) predicted[1] * w[4 + k] + w[8 + k];
        double big = u + (t[i] - r[i]) * dudt;
        double aux = linear(w, b, 4, 2 + k, xt[2 * i], xt[2 * i + 1], t[i], r[i]);
        compound += (big - v[2 * i + k]) * (big - v[2 * i + k]) / 4;
        auxiliary += (aux - v[2 * i + k]) * (aux - v[2 * i + k]) / 4;
      }
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Mlp model = linearModel(manager, w, b, 4);
      for (JvpMode mode : JvpMode.values()) {
        float loss = new ImprovedMeanFlowObjective(Conditioning.T_R, mode, AdaptiveWeight.single(0, 1e-3))
            .losses(model, List.of(new Batch(2, xt, v, t, r)), manager).getFloat();
        assertEquals(compound + auxiliary, loss, 1e-4 * (compound + auxiliary), mode.key());
      }
    }
  }
}
