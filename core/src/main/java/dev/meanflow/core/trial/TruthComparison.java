package dev.meanflow.core.trial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.meanflow.core.jvp.TimeDerivative;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.objective.Batch;
import dev.meanflow.core.objective.ModelInput;
import dev.meanflow.core.objective.ModelOutput;
import dev.meanflow.core.reference.ReferenceFlow;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.JvpMode;
import java.util.ArrayList;
import java.util.List;

/** Measures {@link TruthErrors} of a plain network on one batch of fresh draws. */
final class TruthComparison {
  private TruthComparison() {}

  /**
   * Intervals shorter than this are left out of the du/dt comparison: du* / dt = (v* - u*) / (t - r) divides the
   * flow map's error by t - r.
   */
  static final double SHORTEST_INTERVAL = 1e-3;

  static TruthErrors measure(Mlp model, Conditioning conditioning, ReferenceFlow flow, Batch batch) {
    int n = batch.size();
    boolean meanFlow = batch.r() != null;
    double[] truth = new double[2 * n];
    float[] tangent = new float[2 * n];
    double[] truthDerivative = new double[2 * n];
    boolean[] derivativeKept = new boolean[n];
    double[] v = new double[2];
    double[] u = new double[2];
    for (int i = 0; i < n; i++) {
      double x = batch.xt()[2 * i];
      double y = batch.xt()[2 * i + 1];
      double t = batch.t()[i];
      flow.velocity(x, y, t, v);
      tangent[2 * i] = (float) v[0];
      tangent[2 * i + 1] = (float) v[1];
      if (!meanFlow) {
        truth[2 * i] = v[0];
        truth[2 * i + 1] = v[1];
        continue;
      }
      double r = batch.r()[i];
      flow.average(x, y, r, t, u);
      truth[2 * i] = u[0];
      truth[2 * i + 1] = u[1];
      derivativeKept[i] = Math.abs(t - r) >= SHORTEST_INTERVAL;
      if (derivativeKept[i]) { // the MeanFlow identity, exact for the exact fields
        truthDerivative[2 * i] = (v[0] - u[0]) / (t - r);
        truthDerivative[2 * i + 1] = (v[1] - u[1]) / (t - r);
      }
    }
    boolean recording = Torch.isRecording();
    Torch.recordGradients(false);
    try (NDManager manager = NDManager.newBaseManager(model.device())) {
      int width = ModelInput.width(meanFlow);
      NDArray z = manager.create(ModelInput.inputs(n, batch.xt(), batch.t(), batch.r(), conditioning),
          new Shape(n, width)).toType(model.dataType(), false);
      double field = meanSquaredError(host(ModelOutput.velocity(model.forward(z))), truth, null);
      double fieldScale = meanSquaredError(new double[2 * n], truth, null);
      if (!meanFlow) {
        return new TruthErrors(field, fieldScale, Double.NaN, TruthErrors.NONE.dudtFiniteDifference(), Double.NaN);
      }
      NDArray dz = manager.create(ModelInput.tangent(n, tangent, conditioning), new Shape(n, width))
          .toType(model.dataType(), false);
      NDList exact = TimeDerivative.outputAndDerivative(model, z, dz, JvpMode.EXACT);
      double jvp = meanSquaredError(host(ModelOutput.velocity(exact.get(1))), truthDerivative, derivativeKept);
      List<Double> differences = new ArrayList<>();
      for (double h : TruthErrors.FD_STEPS) {
        differences.add(meanSquaredError(host(ModelOutput.velocity(TimeDerivative.finiteDifference(model, z, dz, h))),
            truthDerivative,
            derivativeKept));
      }
      double dudtScale = meanSquaredError(new double[2 * n], truthDerivative, derivativeKept);
      return new TruthErrors(field, fieldScale, jvp, differences, dudtScale);
    } finally {
      Torch.recordGradients(recording);
    }
  }

  private static double[] host(NDArray array) {
    return array.toType(DataType.FLOAT64, false).toDoubleArray();
  }

  /** Mean over the kept points (all when {@code kept} is null) of the squared distance, NaN when none is kept. */
  private static double meanSquaredError(double[] estimate, double[] truth, boolean[] kept) {
    double sum = 0;
    int count = 0;
    for (int i = 0; i < truth.length / 2; i++) {
      if (kept == null || kept[i]) {
        double dx = estimate[2 * i] - truth[2 * i];
        double dy = estimate[2 * i + 1] - truth[2 * i + 1];
        sum += dx * dx + dy * dy;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }
}
