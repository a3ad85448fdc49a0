package dev.meanflow.core.trial;

import java.util.SplittableRandom;

/**
 * Independent generators split from the trial seed, one per purpose, so that changing how many batches are drawn
 * never changes the initial weights or the evaluation noise.
 */
record TrialRandom(SplittableRandom init, SplittableRandom data, SplittableRandom evalNoise,
    SplittableRandom evalReference, long metricSeed, SplittableRandom truth) {

  static TrialRandom of(long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    // a new stream is split last: every earlier one stays what it was
    return new TrialRandom(root.split(), root.split(), root.split(), root.split(), root.nextLong(), root.split());
  }
}
