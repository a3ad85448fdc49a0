package dev.meanflow.core.distribution;

/** A target whose support is a region with a membership test, so a picture can show where samples belong. */
public interface Support {

  /** Whether {@code (x, y)} lies in the support. */
  boolean contains(double x, double y);
}
