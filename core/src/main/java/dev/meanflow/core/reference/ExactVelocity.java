package dev.meanflow.core.reference;

import dev.meanflow.core.distribution.Checkerboard;
import dev.meanflow.core.distribution.Distribution;
import dev.meanflow.core.distribution.EightGaussians;
import java.util.Optional;

/**
 * The marginal velocity v*(x, t) = E[x1 - x0 | x_t = x] of the linear path x_t = t x1 + (1 - t) x0 from a standard
 * Gaussian x0 to a target x1, in closed form: what a perfectly trained flow-matching network would output. Defined
 * for every t below 1 (the path's formula extends to t < 0, where the write-up's forward sampler asks for it);
 * t = 1 is read as its limit from below.
 */
public interface ExactVelocity {

  /** Writes v*(x, y, t) into {@code out[0..1]}. */
  void velocity(double x, double y, double t, double[] out);

  /** The exact velocity of {@code target}'s path, where it has a closed form (checkerboard, 8 gaussians). */
  static Optional<ExactVelocity> of(Distribution target) {
    if (target instanceof Checkerboard board) {
      return Optional.of(new CheckerboardVelocity(board));
    }
    if (target instanceof EightGaussians gaussians) {
      return Optional.of(GaussianMixtureVelocity.of(gaussians));
    }
    return Optional.empty();
  }
}
