package dev.meanflow.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * The global L2 norm of each member's gradient over all parameters of a stacked network, and
 * {@code torch.nn.utils.clip_grad_norm_} member by member: gradients scaled by min(1, max / (norm + 1e-6)). Both
 * stay on the device (no read-back), so that a GPU never waits for the host.
 */
public final class GradientNorms {
  private GradientNorms() {}

  /** torch's guard against a zero norm. */
  static final double EPSILON = 1e-6;

  /** [K] norms of the gradients accumulated so far, owned by {@code into}. Call with grad mode off. */
  public static NDArray of(Mlp model, NDManager into) {
    int members = model.members();
    try (NDManager scratch = into.newSubManager()) {
      NDArray sum = null;
      for (NDArray parameter : model.parameters()) {
        NDArray gradient = parameter.getGradient();
        gradient.attach(scratch);
        NDArray squares = gradient.square().reshape(members, -1).sum(new int[] {1});
        squares.attach(scratch);
        sum = sum == null ? squares : sum.add(squares);
        sum.attach(scratch);
      }
      NDArray norms = sum.sqrt();
      norms.attach(into);
      return norms;
    }
  }

  /**
   * Scales each member's gradients in place so that their norm is at most {@code maxNorms[k]} (+infinity: left
   * alone), given their {@code norms} from {@link #of}.
   */
  public static void clip(Mlp model, NDArray norms, NDArray maxNorms) {
    try (NDManager scratch = norms.getManager().newSubManager()) {
      NDArray scale = maxNorms.div(norms.add(EPSILON)).minimum(1.0);
      scale.attach(scratch);
      NDArray perLayer = scale.reshape(model.members(), 1, 1);
      perLayer.attach(scratch);
      for (NDArray parameter : model.parameters()) {
        NDArray gradient = parameter.getGradient();
        gradient.attach(scratch);
        gradient.muli(perLayer);
      }
    }
  }
}
