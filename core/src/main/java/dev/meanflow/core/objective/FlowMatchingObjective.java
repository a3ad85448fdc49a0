package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.nn.Mlp;
import java.util.List;

/** Flow matching: regress v_theta(x_t, t) on the conditional velocity v = x1 - x0. */
public record FlowMatchingObjective(AdaptiveWeight weight) implements Objective {

  @Override
  public NDArray losses(Mlp model, List<Batch> batches, NDManager step) {
    NDArray z = StackedInputs.stack(batches, 3, b -> ModelInput.inputs(b.size(), b.xt(), b.t(), null, null),
        model.dataType(), step);
    NDArray v = StackedInputs.stack(batches, 2, Batch::v, model.dataType(), step);
    return weight.losses(model.forward(z).subi(v));
  }
}
