package dev.meanflow.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Operations on arrays stacked along a leading member axis. */
final class Stacks {
  private Stacks() {}

  /** The members {@code keep} (in that order) of each stacked array, as new arrays owned by {@code owner}. */
  static List<NDArray> take(List<NDArray> stacked, int[] keep, NDManager owner) {
    List<NDArray> taken = new ArrayList<>();
    try (NDManager scratch = owner.newSubManager()) {
      NDArray index = scratch.create(Arrays.stream(keep).asLongStream().toArray());
      for (NDArray array : stacked) {
        NDArray detached = array.stopGradient();
        detached.attach(scratch);
        NDArray members = detached.get(new NDIndex("{}", index));
        members.attach(owner);
        taken.add(members);
      }
    }
    return taken;
  }
}
