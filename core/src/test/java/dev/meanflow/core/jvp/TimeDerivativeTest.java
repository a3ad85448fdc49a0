package dev.meanflow.core.jvp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.objective.ModelInput;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.JvpMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The exact JVP against independent computations: float64 central differences, and a linear model's closed form. */
class TimeDerivativeTest {

  private static final int N = 64;

  @BeforeAll
  static void engine() {
    Torch.ensureLoaded();
  }

  @ParameterizedTest(name = "width {0}, depth {1}, {2}")
  @CsvSource({"16, 3, T_R", "16, 3, T_DELTA", "128, 4, T_R", "128, 4, T_DELTA", "48, 1, T_R"})
  void exactJvpMatchesFloat64CentralDifferences(int width, int depth, Conditioning conditioning) {
    SplittableRandom rng = new SplittableRandom(width * 31L + depth);
    try (NDManager manager = NDManager.newBaseManager()) {
      Mlp model = Mlp.create(manager, DataType.FLOAT64, 4, width, depth, 2, rng);
      NDList inputs = randomInputs(manager, rng, conditioning);
      NDArray exact = TimeDerivative.outputAndDerivative(model, inputs.get(0), inputs.get(1), JvpMode.EXACT).get(1);
      NDArray numeric = TimeDerivative.finiteDifference(model, inputs.get(0), inputs.get(1), 1e-5);
      double[] e = exact.toDoubleArray();
      double[] f = numeric.toDoubleArray();
      double worst = 0;
      for (int i = 0; i < e.length; i++) {
        worst = Math.max(worst, Math.abs(e[i] - f[i]) / Math.max(1e-3, Math.abs(f[i])));
      }
      assertTrue(worst < 1e-6, "worst relative error " + worst);
      // the JVP is not trivially small: the check above would pass for zeros only if f were zero too
      assertTrue(numeric.abs().max().getDouble() > 1e-2);
    }
  }

  /** The path every trial trains on: a stacked network, each member's JVP against central differences. */
  @org.junit.jupiter.api.Test
  void stackedNetworkJvpMatchesFloat64CentralDifferencesMemberByMember() {
    SplittableRandom rng = new SplittableRandom(11);
    try (NDManager manager = NDManager.newBaseManager()) {
      Mlp model = Mlp.createStacked(manager, DataType.FLOAT64, 4, 32, 3, 2,
          java.util.List.of(rng.split(), rng.split(), rng.split()));
      NDList[] members = {randomInputs(manager, rng, Conditioning.T_R), randomInputs(manager, rng, Conditioning.T_R),
          randomInputs(manager, rng, Conditioning.T_R)};
      NDArray z = ai.djl.ndarray.NDArrays.stack(new NDList(members[0].get(0), members[1].get(0), members[2].get(0)));
      NDArray dz = ai.djl.ndarray.NDArrays.stack(new NDList(members[0].get(1), members[1].get(1), members[2].get(1)));
      NDArray exact = TimeDerivative.outputAndDerivative(model, z, dz, JvpMode.EXACT).get(1);
      NDArray numeric = TimeDerivative.finiteDifference(model, z, dz, 1e-5);
      assertEquals(new Shape(3, N, 2), exact.getShape());
      double worst = exact.sub(numeric).abs().div(numeric.abs().maximum(1e-3)).max().getDouble();
      assertTrue(worst < 1e-6, "worst relative error " + worst);
      for (int k = 0; k < 3; k++) { // member k's JVP is that of its own plain network
        Mlp alone = model.member(manager, k);
        NDArray own = alone.forwardWithTangent(members[k].get(0), members[k].get(1)).get(1);
        assertEquals(0, own.sub(exact.get(k)).abs().max().getDouble(), 1e-12, "member " + k);
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"T_R", "T_DELTA"})
  void linearModelJvpMatchesClosedForm(Conditioning conditioning) {
    SplittableRandom rng = new SplittableRandom(7);
    try (NDManager manager = NDManager.newBaseManager()) {
      Mlp linear = Mlp.create(manager, DataType.FLOAT64, 4, 1, 0, 2, rng); // depth 0: u = z W + b
      double[] w = linear.parameters().get(0).toDoubleArray(); // [4, 2] row-major
      float[] x = new float[2 * N];
      float[] v = new float[2 * N];
      float[] t = new float[N];
      float[] r = new float[N];
      fill(rng, x, v, t, r);
      NDArray z = manager.create(ModelInput.inputs(N, x, t, r, conditioning), new Shape(N, 4)).toType(DataType.FLOAT64, false);
      NDArray dz = manager.create(ModelInput.tangent(N, v, conditioning), new Shape(N, 4)).toType(DataType.FLOAT64, false);
      double[] dudt = linear.forwardWithTangent(z, dz).get(1).toDoubleArray();
      double secondTimeRate = conditioning == Conditioning.T_R ? 0 : 1; // d(t - r)/dt = 1, dr/dt = 0
      for (int i = 0; i < N; i++) {
        for (int k = 0; k < 2; k++) {
          // du_k/dt = v_x W[0,k] + v_y W[1,k] + 1 * W[2,k] + d(second)/dt W[3,k]
          double expected = v[2 * i] * w[k] + v[2 * i + 1] * w[2 + k] + w[4 + k] + secondTimeRate * w[6 + k];
          assertEquals(expected, dudt[2 * i + k], 1e-12);
        }
      }
    }
  }

  @org.junit.jupiter.api.Test
  void tangentPassAddsNoGradientToTheParameters() {
    SplittableRandom rng = new SplittableRandom(5);
    try (NDManager manager = NDManager.newBaseManager()) {
      Mlp model = Mlp.create(manager, DataType.FLOAT64, 4, 16, 2, 2, rng);
      NDList inputs = randomInputs(manager, rng, Conditioning.T_R);
      Torch.recordGradients(true);
      try {
        NDArray plain = model.forward(inputs.get(0));
        Torch.backward(plain.sum());
        double[] expected = model.parameters().get(0).getGradient().toDoubleArray();
        model.parameters().forEach(Torch::zeroGradient);
        NDArray withTangent = model.forwardWithTangent(inputs.get(0), inputs.get(1)).get(0);
        assertEquals(0, plain.sub(withTangent).abs().max().getDouble(), 1e-12);
        Torch.backward(withTangent.sum());
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected,
            model.parameters().get(0).getGradient().toDoubleArray(), 1e-12);
      } finally {
        Torch.recordGradients(false);
      }
    }
  }

  private static NDList randomInputs(NDManager manager, SplittableRandom rng, Conditioning conditioning) {
    float[] x = new float[2 * N];
    float[] v = new float[2 * N];
    float[] t = new float[N];
    float[] r = new float[N];
    fill(rng, x, v, t, r);
    NDArray z = manager.create(ModelInput.inputs(N, x, t, r, conditioning), new Shape(N, 4));
    NDArray dz = manager.create(ModelInput.tangent(N, v, conditioning), new Shape(N, 4));
    return new NDList(z.toType(DataType.FLOAT64, false), dz.toType(DataType.FLOAT64, false));
  }

  private static void fill(SplittableRandom rng, float[] x, float[] v, float[] t, float[] r) {
    for (int i = 0; i < N; i++) {
      x[2 * i] = (float) rng.nextGaussian();
      x[2 * i + 1] = (float) rng.nextGaussian();
      v[2 * i] = (float) rng.nextGaussian();
      v[2 * i + 1] = (float) rng.nextGaussian();
      double a = rng.nextDouble();
      double b = rng.nextDouble();
      t[i] = (float) Math.max(a, b);
      r[i] = (float) Math.min(a, b);
    }
  }
}
