package dev.meanflow.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stacked Adam against torch.optim.Adam's update written out in doubles, one learning rate per member. */
class StackedAdamTest {

  @BeforeAll
  static void engine() {
    Torch.ensureLoaded();
  }

  @Test
  void eachMemberFollowsTorchAdamWithItsOwnLearningRate() {
    double[] rates = {0.1, 0.003};
    double[][] start = {{0.5, -0.2}, {-1.5, 0.7}}; // member -> (w, b)
    double x = 1.3;
    double y = 0.4;
    int steps = 40;
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new double[] {start[0][0], start[1][0]}, new Shape(2, 1, 1));
      NDArray b = manager.create(new double[] {start[0][1], start[1][1]}, new Shape(2, 1, 1));
      Mlp model = Mlp.fromParameters(manager.newSubManager(), List.of(w, b)); // depth 0: u = x w + b
      try (StackedAdam adam = new StackedAdam(model, rates)) {
        for (int s = 0; s < steps; s++) {
          try (NDManager step = manager.newSubManager()) {
            Torch.recordGradients(true);
            NDArray in = step.create(new double[] {x, x}, new Shape(2, 1, 1));
            NDArray err = model.forward(in).subi(y);
            Torch.backward(err.square().sum()); // d/dw = 2 err x, d/db = 2 err
            Torch.recordGradients(false);
            adam.step();
          }
        }
      }
      double[] trainedW = model.parameters().get(0).toDoubleArray();
      double[] trainedB = model.parameters().get(1).toDoubleArray();
      for (int k = 0; k < 2; k++) {
        double[] expected = torchAdam(start[k], rates[k], x, y, steps);
        assertEquals(expected[0], trainedW[k], 1e-12, "w of member " + k);
        assertEquals(expected[1], trainedB[k], 1e-12, "b of member " + k);
      }
    }
  }

  /** torch.optim.Adam (beta 0.9/0.999, eps 1e-8) on (w x + b - y)^2, in doubles. */
  private static double[] torchAdam(double[] start, double lr, double x, double y, int steps) {
    double[] p = start.clone();
    double[] m = new double[2];
    double[] v = new double[2];
    for (int t = 1; t <= steps; t++) {
      double err = p[0] * x + p[1] - y;
      double[] g = {2 * err * x, 2 * err};
      for (int i = 0; i < 2; i++) {
        m[i] = 0.9 * m[i] + 0.1 * g[i];
        v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
        double denominator = Math.sqrt(v[i]) / Math.sqrt(1 - Math.pow(0.999, t)) + 1e-8;
        p[i] -= lr / (1 - Math.pow(0.9, t)) * m[i] / denominator;
      }
    }
    return p;
  }
}
