package dev.meanflow.jobs.search;

import dev.meanflow.core.spec.Keyed;

/**
 * What successive halving ranks: a configuration by the mean over its replicate seeds (they are promoted or stopped
 * together), or every seed alone.
 */
public enum SeedRanking implements Keyed {
  TOGETHER, ALONE;

  @Override
  public String key() {
    return Keyed.defaultKey(this);
  }
}
