package dev.meanflow.core.spec;

/** forward trains noise to data and integrates t from 0 to 1; reverse trains data to noise and integrates back from 1 to 0. */
public enum Direction implements Keyed {
  FORWARD, REVERSE;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
