package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.meanflow.core.jvp.TimeDerivative;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.JvpMode;

/**
 * MeanFlow: regress u_theta(x_t, r, t) on the stop-gradient target u_tgt = v - (t - r) du/dt, with du/dt the JVP of
 * u along the tangent (dx/dt, dt/dt, dr/dt) = (v, 1, 0).
 */
public record MeanFlowObjective(Conditioning conditioning, JvpMode jvp, AdaptiveWeight weight)
    implements Objective {

  @Override
  public NDArray loss(Mlp model, Batch batch, NDManager step) {
    int n = batch.size();
    NDArray z = step.create(ModelInput.inputs(n, batch.xt(), batch.t(), batch.r(), conditioning), new Shape(n, 4));
    NDArray dz = step.create(ModelInput.tangent(n, batch.v(), conditioning), new Shape(n, 4));
    NDList uAndDudt = TimeDerivative.outputAndDerivative(model, z, dz, jvp);
    NDArray u = uAndDudt.get(0);
    NDArray dudt = uAndDudt.get(1).stopGradient();
    NDArray v = step.create(batch.v(), new Shape(n, 2));
    NDArray tMinusR = step.create(intervalLengths(batch), new Shape(n, 1));
    NDArray target = v.sub(dudt.muli(tMinusR)).stopGradient();
    return weight.loss(u.sub(target));
  }

  private static float[] intervalLengths(Batch batch) {
    float[] lengths = new float[batch.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = batch.t()[i] - batch.r()[i];
    }
    return lengths;
  }
}
