package dev.meanflow.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;

/** Adam (beta 0.9/0.999, eps 1e-8, no weight decay, as torch.optim.Adam's defaults) over a model's parameters. */
public final class AdamOptimizer {

  private final Optimizer adam;
  private final List<NDArray> parameters;

  public AdamOptimizer(List<NDArray> parameters, double lr) {
    this.parameters = parameters;
    this.adam = Adam.builder().optLearningRateTracker(Tracker.fixed((float) lr)).build();
  }

  /** Applies the gradients accumulated by {@link Torch#backward} and zeroes them. Call with grad mode off. */
  public void step() {
    for (int i = 0; i < parameters.size(); i++) {
      NDArray parameter = parameters.get(i);
      try (NDArray gradient = parameter.getGradient()) {
        adam.update(Integer.toString(i), parameter, gradient);
      }
      Torch.zeroGradient(parameter);
    }
  }
}
