package dev.meanflow.core.jvp;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.spec.JvpMode;

/**
 * du/dt of the network output along the input tangent dz: the Jacobian-vector product MeanFlow's target needs. The
 * exact mode propagates the tangent through the forward pass; the finite-difference mode is a central difference
 * kept only as an ablation. Both return the output u (with gradient) and du/dt (without).
 */
public final class TimeDerivative {

  /** Step of the central difference: near the float32 optimum (machine eps)^(1/3). */
  public static final double FD_EPSILON = 5e-3;

  private TimeDerivative() {}

  public static NDList outputAndDerivative(Mlp model, NDArray z, NDArray dz, JvpMode mode) {
    return switch (mode) {
      case EXACT -> model.forwardWithTangent(z, dz);
      case FINITE_DIFFERENCE -> new NDList(model.forward(z), finiteDifference(model, z, dz, FD_EPSILON));
    };
  }

  /** (u(z + eps dz) - u(z - eps dz)) / (2 eps), computed without recording gradients. */
  public static NDArray finiteDifference(Mlp model, NDArray z, NDArray dz, double eps) {
    boolean recording = Torch.isRecording();
    Torch.recordGradients(false);
    try {
      NDArray step = dz.mul(eps);
      NDArray plus = model.forward(z.add(step));
      NDArray minus = model.forward(z.sub(step));
      return plus.subi(minus).divi(2 * eps);
    } finally {
      Torch.recordGradients(recording);
    }
  }
}
