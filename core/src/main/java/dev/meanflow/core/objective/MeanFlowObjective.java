package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.jvp.TimeDerivative;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.JvpMode;
import java.util.List;

/**
 * MeanFlow: regress u_theta(x_t, r, t) on the stop-gradient target u_tgt = v - (t - r) du/dt, with du/dt the JVP of
 * u along the tangent (dx/dt, dt/dt, dr/dt) = (v, 1, 0).
 */
public record MeanFlowObjective(Conditioning conditioning, JvpMode jvp, AdaptiveWeight weight)
    implements Objective {

  @Override
  public NDArray losses(Mlp model, List<Batch> batches, NDManager step) {
    NDArray z = StackedInputs.meanFlowInputs(batches, conditioning, model.dataType(), step);
    NDArray dz = StackedInputs.stack(batches, 4, b -> ModelInput.tangent(b.size(), b.v(), conditioning),
        model.dataType(), step);
    NDList uAndDudt = TimeDerivative.outputAndDerivative(model, z, dz, jvp);
    NDArray u = uAndDudt.get(0);
    NDArray dudt = uAndDudt.get(1).stopGradient();
    NDArray v = StackedInputs.stack(batches, 2, Batch::v, model.dataType(), step);
    NDArray tMinusR = StackedInputs.stack(batches, 1, Batch::intervalLengths, model.dataType(), step);
    NDArray target = v.sub(dudt.muli(tMinusR)).stopGradient();
    return weight.losses(u.sub(target));
  }
}
