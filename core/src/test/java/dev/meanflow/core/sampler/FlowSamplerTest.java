package dev.meanflow.core.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.SamplerKind;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Samplers on linear "models" whose integrals are known in closed form: a velocity a + b t + c r per coordinate,
 * so the exact displacement of every step is the hand-summed series below.
 */
class FlowSamplerTest {

  @BeforeAll
  static void engine() {
    Torch.ensureLoaded();
  }

  @ParameterizedTest(name = "{0} {1} {2} steps")
  @CsvSource({
    "EULER, FORWARD, 4", "EULER, REVERSE, 4", "WRITEUP, FORWARD, 1", "WRITEUP, FORWARD, 5", "WRITEUP, REVERSE, 5",
    "CONSISTENT, FORWARD, 1", "CONSISTENT, FORWARD, 5", "CONSISTENT, REVERSE, 5"
  })
  void displacementMatchesTheHandSummedSteps(SamplerKind kind, Direction direction, int steps) {
    double a = 0.5;
    double b = 2.0;
    double c = -3.0;
    boolean meanFlow = kind != SamplerKind.EULER;
    try (NDManager manager = NDManager.newBaseManager()) {
      // u(x, t, r) = a + b t + c r on both coordinates, x ignored
      int in = meanFlow ? 4 : 3;
      float[] w = new float[in * 2];
      w[2 * 2] = (float) b;
      w[2 * 2 + 1] = (float) b;
      if (meanFlow) {
        w[3 * 2] = (float) c;
        w[3 * 2 + 1] = (float) c;
      }
      NDArray weight = manager.create(w, new Shape(in, 2));
      NDArray bias = manager.create(new float[] {(float) a, (float) a});
      Mlp model = Mlp.fromParameters(manager.newSubManager(), List.of(weight, bias));
      Points noise = new Points(new float[] {0.25f, -1f});
      Points out = new FlowSampler(kind, direction, Conditioning.T_R).sample(model, noise, steps);

      double dt = 1.0 / steps;
      double sign = direction == Direction.FORWARD ? 1 : -1;
      double displacement = 0;
      for (int i = 0; i < steps; i++) {
        double t = direction == Direction.FORWARD ? i * dt : 1 - i * dt;
        double r = switch (kind) {
          case EULER -> 0;
          case WRITEUP -> t - dt; // the write-up's r, behind the state even when moving forward
          case CONSISTENT -> t + sign * dt; // the end of the step
        };
        displacement += sign * dt * (a + b * t + c * (meanFlow ? r : 0));
      }
      assertEquals(0.25 + displacement, out.x(0), 1e-5);
      assertEquals(-1 + displacement, out.y(0), 1e-5);
    }
  }
}
