package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.jvp.TimeDerivative;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.JvpMode;
import java.util.List;

/**
 * Improved MeanFlow (Geng et al. 2025, "Improved Mean Flows"; Lyy-iiis/imeanflow, imf.py, without guidance): the
 * network outputs (u, v) with v an auxiliary head. Its own velocity at the point, v(z_t, t, t) (no gradient), is
 * the JVP tangent (v, 1, 0); the MeanFlow identity then turns u into a velocity, V = u + (t - r) sg(du/dt), which
 * regresses on the conditional velocity, as the auxiliary v does: loss(V - v) + loss(v_aux - v), each with the
 * member's adaptive weight (the code's is p = 1, c = 0.01).
 */
public record ImprovedMeanFlowObjective(Conditioning conditioning, JvpMode jvp, AdaptiveWeight weight)
    implements Objective {

  @Override
  public NDArray losses(Mlp model, List<Batch> batches, NDManager step) {
    NDArray z = StackedInputs.meanFlowInputs(batches, conditioning, model.dataType(), step);
    NDArray tangent = predictedTangent(model, batches, step);
    NDList outAndDerivative = TimeDerivative.outputAndDerivative(model, z, tangent, jvp);
    NDArray out = outAndDerivative.get(0);
    NDArray dudt = ModelOutput.velocity(outAndDerivative.get(1)).stopGradient();
    NDArray tMinusR = StackedInputs.stack(batches, 1, Batch::intervalLengths, model.dataType(),
        step);
    NDArray compound = ModelOutput.velocity(out).add(dudt.mul(tMinusR));
    NDArray v = StackedInputs.stack(batches, 2, Batch::v, model.dataType(), step);
    return weight.losses(compound.sub(v)).add(weight.losses(ModelOutput.auxiliary(out).sub(v)));
  }

  /** (v_aux(z_t, t, t), 1, d(second time)/dt): the network's own velocity, computed without gradient. */
  private NDArray predictedTangent(Mlp model, List<Batch> batches, NDManager step) {
    boolean recording = Torch.isRecording();
    Torch.recordGradients(false);
    try {
      NDArray atT = StackedInputs.stack(batches, 4,
          b -> ModelInput.inputs(b.size(), b.xt(), b.t(), b.t(), conditioning), model.dataType(), step);
      NDArray velocity = ModelOutput.auxiliary(model.forward(atT)).stopGradient();
      NDArray times = StackedInputs.stack(batches, 2, b -> timeTangent(b.size(), conditioning), model.dataType(),
          step);
      return NDArrays.concat(new NDList(velocity, times), 2);
    } finally {
      Torch.recordGradients(recording);
    }
  }

  private static float[] timeTangent(int n, Conditioning conditioning) {
    float[] columns = new float[2 * n];
    for (int i = 0; i < n; i++) {
      columns[2 * i] = 1;
      columns[2 * i + 1] = conditioning.secondTangent();
    }
    return columns;
  }
}
