package dev.meanflow.core.sampler;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.objective.ModelOutput;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.SamplerKind;

/**
 * Integrates a trained model from Gaussian noise to the data side in T steps of dt = 1/T. Forward starts at t = 0
 * and moves up; reverse starts at t = 1 and moves down with the negative velocity.
 *
 * <ul>
 *   <li>{@code euler} (FM): x += (t_next - t) v(x, t).
 *   <li>{@code writeup} (MF, as the write-up prints it): r = t - dt and x +-= dt u(x, t, r) in both directions. In
 *       the forward direction this evaluates the interval behind the state (r = -dt at the first step).
 *   <li>{@code consistent} (MF): r = t_next and x_r = x_t - (t - r) u(x_t, r, t), the MeanFlow jump itself. Equal
 *       to {@code writeup} in reverse; forward it needs a model trained on signed intervals.
 * </ul>
 */
public record FlowSampler(SamplerKind kind, Direction direction, Conditioning conditioning) {

  public Points sample(Mlp model, Points noise, int steps) {
    int n = noise.size();
    double dt = 1.0 / steps;
    double sign = sign(direction);
    boolean wasRecording = Torch.isRecording();
    Torch.recordGradients(false);
    try (NDManager manager = NDManager.newBaseManager(model.device())) {
      NDArray x = manager.create(noise.xy(), new Shape(n, 2)).toType(model.dataType(), false);
      for (int i = 0; i < steps; i++) {
        double t = time(direction, i, dt);
        try (NDManager step = manager.newSubManager()) {
          NDArray move = move(model, x, t, dt, sign, n, step);
          x.addi(move);
        }
      }
      return new Points(x.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray());
    } finally {
      Torch.recordGradients(wasRecording);
    }
  }

  /** +1 forward (t grows), -1 reverse. */
  public static double sign(Direction direction) {
    return direction == Direction.FORWARD ? 1 : -1;
  }

  /** The time of step {@code i} of {@code dt}: forward from 0 up, reverse from 1 down. */
  public static double time(Direction direction, int i, double dt) {
    return direction == Direction.FORWARD ? i * dt : 1 - i * dt;
  }

  /** The r a MeanFlow step from t asks u for: the write-up's t - dt, or the consistent jump's next time. */
  public static double intervalEnd(SamplerKind kind, double t, double dt, double sign) {
    return kind == SamplerKind.WRITEUP ? t - dt : t + sign * dt;
  }

  /** Results of an op join the manager of its first operand, here x's long-lived one: move the step's input to
   * the step so that every activation derived from it is freed with the step. */
  private static NDArray inStep(NDArray z, NDManager step) {
    z.attach(step);
    return z;
  }

  /** The displacement of one step from time t. */
  private NDArray move(Mlp model, NDArray x, double t, double dt, double sign, int n, NDManager step) {
    NDArray tColumn = step.full(new Shape(n, 1), (float) t).toType(model.dataType(), false);
    if (kind == SamplerKind.EULER) {
      return ModelOutput.velocity(model.forward(inStep(NDArrays.concat(new NDList(x, tColumn), 1), step)))
          .muli(sign * dt);
    }
    double r = intervalEnd(kind, t, dt, sign);
    double second = conditioning.second(t, r);
    NDArray rColumn = step.full(new Shape(n, 1), (float) second).toType(model.dataType(), false);
    NDArray u = ModelOutput.velocity(model.forward(inStep(NDArrays.concat(new NDList(x, tColumn, rColumn), 1), step)));
    // writeup: x +- dt u; consistent: x - (t - r) u with t - r = -sign dt
    return u.muli(sign * dt);
  }
}
