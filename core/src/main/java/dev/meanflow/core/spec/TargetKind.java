package dev.meanflow.core.spec;

/** The 2D target distribution. */
public enum TargetKind implements Keyed {
  CHECKERBOARD, EIGHT_GAUSSIANS, TWO_MOONS, SPIRALS, RINGS;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }

  public static TargetKind parse(String option, String value) {
    return Keyed.parse(TargetKind.class, option, value);
  }
}
