package dev.meanflow.core.spec;

/** How t (and r) are drawn */
public enum TimeSampling implements Keyed {
  UNIFORM, LOGIT_NORMAL;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
