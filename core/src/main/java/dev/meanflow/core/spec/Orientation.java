package dev.meanflow.core.spec;

/** ordered draws r = min, t = max (the write-up); signed keeps both orders so the model also learns r > t. */
public enum Orientation implements Keyed {
  ORDERED, SIGNED;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
