package dev.meanflow.core.spec;

/** Flow matching (regress the instantaneous velocity v) or MeanFlow (regress the average velocity u). */
public enum Flow implements Keyed {
  FM, MF;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
