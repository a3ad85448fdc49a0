package dev.meanflow.core.spec;

/**
 * The MeanFlow objective (flow mf). {@code meanflow}: the write-up's and the MeanFlow paper's regression of u on
 * v - (t - r) du/dt (Geng et al. 2025, arXiv 2505.13447). {@code split}: SplitMeanFlow's interval splitting, no JVP
 * (Guo et al. 2025, arXiv 2507.16884). {@code improved}: improved MeanFlow's v-loss through u with an auxiliary v
 * head (Geng et al. 2025, "Improved Mean Flows", code Lyy-iiis/imeanflow).
 */
public enum ObjectiveKind implements Keyed {
  MEANFLOW, SPLIT, IMPROVED;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }

  /** Network outputs: u, or (u, v) with improved MeanFlow's auxiliary velocity head. */
  public int outputs() {
    return this == IMPROVED ? 4 : 2;
  }

  /** Whether the objective differentiates u along the flow (the JVP knob applies). */
  public boolean usesTimeDerivative() {
    return this != SPLIT;
  }
}
