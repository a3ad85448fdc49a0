package dev.meanflow.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
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

  /**
   * Array i of the result is array i of every list in {@code members}, concatenated along the member axis (the
   * inverse of taking each member alone), owned by {@code owner}.
   */
  static List<NDArray> concat(List<List<NDArray>> members, NDManager owner) {
    List<NDArray> stacked = new ArrayList<>();
    for (int i = 0; i < members.get(0).size(); i++) {
      NDList parts = new NDList();
      for (List<NDArray> member : members) {
        parts.add(member.get(i));
      }
      NDArray joined = parts.size() == 1 ? parts.get(0).duplicate() : NDArrays.concat(parts, 0);
      joined.attach(owner);
      stacked.add(joined);
    }
    return stacked;
  }
}
