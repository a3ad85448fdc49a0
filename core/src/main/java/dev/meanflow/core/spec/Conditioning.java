package dev.meanflow.core.spec;

/** What the MeanFlow network sees besides x */
public enum Conditioning implements Keyed {
  T_R, T_DELTA;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
