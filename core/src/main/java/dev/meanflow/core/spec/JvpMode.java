package dev.meanflow.core.spec;

/** exact forward-mode tangent propagation, or a central finite difference (ablation). */
public enum JvpMode implements Keyed {
  EXACT, FINITE_DIFFERENCE;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
