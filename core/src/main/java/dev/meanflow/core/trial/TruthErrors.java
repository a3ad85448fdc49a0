package dev.meanflow.core.trial;

import java.util.List;

/**
 * How far a trained network is from the exact fields, as mean squared errors over fresh draws of its own training
 * distribution (x_t, r, t): the field it regresses (u* for MeanFlow, v* for flow matching), and for MeanFlow the
 * derivative du/dt along the exact flow (tangent (v*, 1, 0)) by the exact JVP and by central differences at
 * {@link #FD_STEPS}, against du* / dt. Each error comes with the mean squared norm of its truth, so that relative
 * errors need no second query. NaN where not measured.
 */
public record TruthErrors(double field, double fieldScale, double dudtJvp, List<Double> dudtFiniteDifference,
    double dudtScale) {

  /** Steps h of the central differences compared (u(z + h dz) - u(z - h dz)) / 2h. */
  public static final List<Double> FD_STEPS = List.of(1e-2, 1e-3, 1e-4);

  public static final TruthErrors NONE = new TruthErrors(Double.NaN, Double.NaN, Double.NaN,
      FD_STEPS.stream().map(h -> Double.NaN).toList(), Double.NaN);

  public TruthErrors {
    dudtFiniteDifference = List.copyOf(dudtFiniteDifference);
    if (dudtFiniteDifference.size() != FD_STEPS.size()) {
      throw new IllegalArgumentException("one error per step of " + FD_STEPS + ", got " + dudtFiniteDifference);
    }
  }
}
