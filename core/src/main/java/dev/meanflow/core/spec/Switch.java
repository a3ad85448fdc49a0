package dev.meanflow.core.spec;

/** A knob that turns something on or off. */
public enum Switch implements Keyed {
  ON, OFF;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }

  public boolean on() {
    return this == ON;
  }
}
