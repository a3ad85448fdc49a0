package dev.meanflow.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/** Operations on arrays stacked along a leading member axis. */
final class Stacks {
  private Stacks() {}

  /** The members {@code index} (a long array) of {@code stacked}, as a new array owned by {@code owner}. */
  static NDArray take(NDArray stacked, NDArray index, NDManager owner) {
    NDArray taken = stacked.stopGradient().get(new NDIndex("{}", index));
    taken.attach(owner);
    return taken;
  }
}
