package dev.meanflow.core.distribution;

import java.util.Arrays;

/** A set of 2D points stored interleaved as {@code x0, y0, x1, y1, ...} in float32, the layout the model consumes. */
public record Points(float[] xy) {

  public Points {
    if (xy.length % 2 != 0) {
      throw new IllegalArgumentException("interleaved 2D points need an even length, got " + xy.length);
    }
  }

  public int size() {
    return xy.length / 2;
  }

  public double x(int i) {
    return xy[2 * i];
  }

  public double y(int i) {
    return xy[2 * i + 1];
  }

  /** The first {@code n} points (all of them when {@code n >= size()}). */
  public Points head(int n) {
    return n >= size() ? this : new Points(Arrays.copyOf(xy, 2 * n));
  }

  public double[] xs() {
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = xy[2 * i];
    }
    return out;
  }

  public double[] ys() {
    double[] out = new double[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = xy[2 * i + 1];
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Points p && Arrays.equals(xy, p.xy);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(xy);
  }

  @Override
  public String toString() {
    return "Points[" + size() + "]";
  }
}
