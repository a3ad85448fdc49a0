package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.meanflow.core.nn.Mlp;

/** Flow matching: regress v_theta(x_t, t) on the conditional velocity v = x1 - x0. */
public record FlowMatchingObjective(AdaptiveWeight weight) implements Objective {

  @Override
  public NDArray loss(Mlp model, Batch batch, NDManager step) {
    int n = batch.size();
    NDArray z = step.create(ModelInput.inputs(n, batch.xt(), batch.t(), null, null), new Shape(n, 3));
    NDArray v = step.create(batch.v(), new Shape(n, 2));
    return weight.loss(model.forward(z).subi(v));
  }
}
