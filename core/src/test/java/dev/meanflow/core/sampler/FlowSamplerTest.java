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
 * Samplers on linear "models" u = a + d x + b t + c s (s the second time input), whose every step is the
 * hand-computed recurrence below: it pins which (t, r) each sampler asks the model for, and that x advances.
 */
class FlowSamplerTest {

  @BeforeAll
  static void engine() {
    Torch.ensureLoaded();
  }

  @ParameterizedTest(name = "{0} {1} {2} steps, {3}")
  @CsvSource({
    "EULER, FORWARD, 4, T_R", "EULER, REVERSE, 4, T_R", "WRITEUP, FORWARD, 1, T_R", "WRITEUP, FORWARD, 5, T_R",
    "WRITEUP, REVERSE, 5, T_R", "CONSISTENT, FORWARD, 1, T_R", "CONSISTENT, FORWARD, 5, T_R",
    "CONSISTENT, REVERSE, 5, T_R", "CONSISTENT, FORWARD, 5, T_DELTA", "WRITEUP, REVERSE, 3, T_DELTA"
  })
  void stepsFollowTheHandComputedRecurrence(SamplerKind kind, Direction direction, int steps,
      Conditioning conditioning) {
    double a = 0.5;
    double b = 2.0;
    double c = -3.0;
    double d = 0.4;
    boolean meanFlow = kind != SamplerKind.EULER;
    try (NDManager manager = NDManager.newBaseManager()) {
      // per coordinate: u = a + d x + b t + c s, where s is the second time input (r, or t - r)
      int in = meanFlow ? 4 : 3;
      float[] w = new float[in * 2];
      w[0] = (float) d; // x -> first output
      w[3] = (float) d; // y -> second output
      w[4] = (float) b;
      w[5] = (float) b;
      if (meanFlow) {
        w[6] = (float) c;
        w[7] = (float) c;
      }
      NDArray weight = manager.create(w, new Shape(in, 2));
      NDArray bias = manager.create(new float[] {(float) a, (float) a});
      Mlp model = Mlp.fromParameters(manager.newSubManager(), List.of(weight, bias));
      Points noise = new Points(new float[] {0.25f, -1f});
      Points out = new FlowSampler(kind, direction, conditioning).sample(model, noise, steps);

      double dt = 1.0 / steps;
      double sign = direction == Direction.FORWARD ? 1 : -1;
      double x = 0.25;
      double y = -1;
      for (int i = 0; i < steps; i++) {
        double t = direction == Direction.FORWARD ? i * dt : 1 - i * dt;
        double r = switch (kind) {
          case EULER -> 0;
          case WRITEUP -> t - dt; // the write-up's r, behind the state even when moving forward
          case CONSISTENT -> t + sign * dt; // the end of the step
        };
        double second = !meanFlow ? 0 : conditioning == Conditioning.T_R ? r : t - r;
        double common = a + b * t + c * second;
        x += sign * dt * (common + d * x);
        y += sign * dt * (common + d * y);
      }
      assertEquals(x, out.x(0), 1e-5);
      assertEquals(y, out.y(0), 1e-5);
    }
  }
}
