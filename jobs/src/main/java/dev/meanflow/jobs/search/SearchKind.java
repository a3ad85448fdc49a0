package dev.meanflow.jobs.search;

import dev.meanflow.core.spec.Keyed;

/** How a sweep spends its budget: every grid cell to the end, or successive halving across rungs. */
public enum SearchKind implements Keyed {
  GRID, HALVING;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
