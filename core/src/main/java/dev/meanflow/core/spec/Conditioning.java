package dev.meanflow.core.spec;

/** What the MeanFlow network sees besides x */
public enum Conditioning implements Keyed {
  T_R, T_DELTA;

  /** The network's second time input for the interval (r, t): r, or t - r. */
  public float second(float t, float r) {
    return this == T_R ? r : t - r;
  }

  /** As {@link #second(float, float)}, in doubles (the samplers' times). */
  public double second(double t, double r) {
    return this == T_R ? r : t - r;
  }

  /** d(second time)/dt with r held: 0 for r, 1 for t - r (the JVP tangent's last entry). */
  public float secondTangent() {
    return this == T_R ? 0f : 1f;
  }

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
