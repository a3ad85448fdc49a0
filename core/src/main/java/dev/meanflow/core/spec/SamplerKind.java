package dev.meanflow.core.spec;

/** euler for FM; writeup is the write-up's MF sampler as written; consistent jumps x_r = x_t - (t - r) u(x_t, r, t). */
public enum SamplerKind implements Keyed {
  EULER, WRITEUP, CONSISTENT;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
