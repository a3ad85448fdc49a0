package dev.meanflow.core.distribution;

import dev.meanflow.core.spec.TargetKind;

/** The target distribution a spec names. */
public final class Targets {
  private Targets() {}

  public static Distribution of(TargetKind kind, int gridSize, double scale) {
    return switch (kind) {
      case CHECKERBOARD -> new Checkerboard(gridSize, scale);
      case EIGHT_GAUSSIANS -> new EightGaussians(scale);
      case TWO_MOONS -> new TwoMoons(scale);
      case SPIRALS -> new Spirals(scale);
      case RINGS -> new Rings(scale);
    };
  }
}
