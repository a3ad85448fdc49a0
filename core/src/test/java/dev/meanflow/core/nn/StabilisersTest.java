package dev.meanflow.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gradient norms and clipping per member, and the weight average, against the same arithmetic in doubles. */
class StabilisersTest {

  @BeforeAll
  static void engine() {
    Torch.ensureLoaded();
  }

  /** A stacked linear network of two members, u = x w + b with w [2, 2, 2], b [2, 1, 2], and gradients of a sum. */
  private static Mlp withGradients(NDManager manager, double[] x) {
    NDArray w = manager.create(new double[] {0.5, -1, 2, 0.25, -0.3, 0.8, 1.5, -2}, new Shape(2, 2, 2));
    NDArray b = manager.create(new double[] {0.1, -0.2, 0.3, 0.4}, new Shape(2, 1, 2));
    Mlp model = Mlp.fromParameters(manager.newSubManager(), List.of(w, b));
    Torch.recordGradients(true);
    NDArray in = manager.create(x, new Shape(2, 1, 2));
    Torch.backward(model.forward(in).square().sum()); // d/dw_k[i][j] = 2 x_k[i] u_k[j], d/db_k[j] = 2 u_k[j]
    Torch.recordGradients(false);
    return model;
  }

  /** The gradient of member k as written in the comment above, flattened (w row-major, then b). */
  private static double[] expectedGradient(Mlp model, double[] x, int k) {
    double[] w = model.parameters().get(0).toDoubleArray();
    double[] b = model.parameters().get(1).toDoubleArray();
    double[] u = new double[2];
    for (int j = 0; j < 2; j++) {
      u[j] = x[2 * k] * w[4 * k + j] + x[2 * k + 1] * w[4 * k + 2 + j] + b[2 * k + j];
    }
    return new double[] {2 * x[2 * k] * u[0], 2 * x[2 * k] * u[1], 2 * x[2 * k + 1] * u[0],
        2 * x[2 * k + 1] * u[1], 2 * u[0], 2 * u[1]};
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double e : v) {
      s += e * e;
    }
    return Math.sqrt(s);
  }

  @Test
  void normsAreEachMembersGlobalGradientNormAndClippingScalesOnlyTheMembersAboveTheirMaximum() {
    double[] x = {1.2, -0.7, 0.4, 2.0};
    try (NDManager manager = NDManager.newBaseManager()) {
      Mlp model = withGradients(manager, x);
      double[] norms = GradientNorms.of(model, manager).toDoubleArray();
      double[][] expected = {expectedGradient(model, x, 0), expectedGradient(model, x, 1)};
      assertEquals(norm(expected[0]), norms[0], 1e-12);
      assertEquals(norm(expected[1]), norms[1], 1e-12);

      double limit = 0.5 * norms[0];
      NDArray maxNorms = manager.create(new double[] {limit, Double.POSITIVE_INFINITY});
      GradientNorms.clip(model, manager.create(norms), maxNorms);
      double[] clippedW = model.parameters().get(0).getGradient().toDoubleArray();
      double[] clippedB = model.parameters().get(1).getGradient().toDoubleArray();
      double scale = limit / (norms[0] + GradientNorms.EPSILON); // torch's clip_grad_norm_
      for (int k = 0; k < 2; k++) {
        double s = k == 0 ? scale : 1;
        double[] got = {clippedW[4 * k], clippedW[4 * k + 1], clippedW[4 * k + 2], clippedW[4 * k + 3],
            clippedB[2 * k], clippedB[2 * k + 1]};
        for (int i = 0; i < got.length; i++) {
          assertEquals(s * expected[k][i], got[i], 1e-12, "member " + k + " gradient " + i);
        }
      }
    }
  }

  @Test
  void theAverageFollowsEmaOfTheWeightsAndAZeroDecayIsTheWeightsThemselves() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new double[] {1, 2}, new Shape(2, 1, 1));
      NDArray b = manager.create(new double[] {0, 0}, new Shape(2, 1, 1));
      Mlp model = Mlp.fromParameters(manager.newSubManager(), List.of(w, b));
      double[] decays = {0.9, 0};
      double[] ema = {1, 2};
      double[] weights = {1, 2};
      try (StackedEma average = new StackedEma(model, decays)) {
        for (int step = 1; step <= 5; step++) {
          model.parameters().get(0).addi(step); // an "optimizer step": w += step
          for (int k = 0; k < 2; k++) {
            weights[k] += step;
            ema[k] = decays[k] * ema[k] + (1 - decays[k]) * weights[k];
          }
          average.update();
        }
        Mlp averaged = average.network(manager);
        assertArrayEquals(ema, averaged.parameters().get(0).toDoubleArray(), 1e-12);
        assertEquals(weights[1], averaged.parameters().get(0).toDoubleArray()[1], 0, "d = 0 is exact");
        StackedEma second = average.select(model.select(manager, new int[] {0}), new int[] {0});
        assertArrayEquals(new double[] {ema[0]}, second.network(manager).parameters().get(0).toDoubleArray(), 1e-12);
        second.close();
      }
    }
  }
}
