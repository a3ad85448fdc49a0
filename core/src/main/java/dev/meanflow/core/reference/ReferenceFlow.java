package dev.meanflow.core.reference;

import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import java.util.Optional;
import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince54Integrator;

/**
 * The exact flow of a trial's path: v*, the flow map by the adaptive Dormand-Prince 5(4) solver, the average
 * velocity u*(x, r, t) = (x_r - x_t) / (r - t) along it and du* / dt from the MeanFlow identity
 * u = v - (t - r) du/dt. In the reverse direction the path runs from the data (t = 0) to the noise (t = 1), so its
 * velocity is the forward one mirrored in time: v_reverse(x, t) = -v*(x, 1 - t). Thread-safe.
 */
public final class ReferenceFlow {

  /**
   * Tolerances of the flow map. Measured on the checkerboard: end points within 2e-6 of a 1e-11 solve, about 200
   * velocity evaluations (0.16 ms) a trajectory; the 8(5,3) solver needs more, the field being only piecewise smooth
   * near the data end.
   */
  static final double TOLERANCE = 1e-8;

  private final ExactVelocity forward;
  private final Direction direction;

  public ReferenceFlow(ExactVelocity forward, Direction direction) {
    this.forward = forward;
    this.direction = direction;
  }

  /** The reference flow of {@code spec}'s target and direction, when its target has a closed-form velocity. */
  public static Optional<ReferenceFlow> of(TrialSpec spec) {
    return ExactVelocity.of(spec.get(Knobs.TARGET).create(spec))
        .map(v -> new ReferenceFlow(v, spec.get(Knobs.DIRECTION)));
  }

  public Direction direction() {
    return direction;
  }

  /** v*(x, y, t) on this direction's path. */
  public void velocity(double x, double y, double t, double[] out) {
    if (direction == Direction.FORWARD) {
      forward.velocity(x, y, t, out);
    } else {
      forward.velocity(x, y, 1 - t, out);
      out[0] = -out[0];
      out[1] = -out[1];
    }
  }

  /** The point the exact flow carries (x, y) at time {@code from} to at time {@code to} (either order). */
  public double[] map(double x, double y, double from, double to) {
    double[] state = {x, y};
    if (from == to) {
      return state;
    }
    DormandPrince54Integrator solver = new DormandPrince54Integrator(1e-12, 1, TOLERANCE, TOLERANCE);
    solver.integrate(new FirstOrderDifferentialEquations() {
      @Override
      public int getDimension() {
        return 2;
      }

      @Override
      public void computeDerivatives(double t, double[] z, double[] dz) {
        velocity(z[0], z[1], t, dz);
      }
    }, from, state, to, state);
    return state;
  }

  /** u*(x, r, t) = (x_r - x_t) / (r - t), the exact average velocity from t to r; v* when r = t. */
  public void average(double x, double y, double r, double t, double[] out) {
    if (r == t) {
      velocity(x, y, t, out);
      return;
    }
    double[] end = map(x, y, t, r);
    out[0] = (end[0] - x) / (r - t);
    out[1] = (end[1] - y) / (r - t);
  }

  /**
   * du* / dt along the flow, at r != t: (v*(x, t) - u*(x, r, t)) / (t - r) by the MeanFlow identity, which holds for
   * the exact fields.
   */
  public void averageDerivative(double x, double y, double r, double t, double[] out) {
    double[] v = new double[2];
    velocity(x, y, t, v);
    average(x, y, r, t, out);
    out[0] = (v[0] - out[0]) / (t - r);
    out[1] = (v[1] - out[1]) / (t - r);
  }
}
