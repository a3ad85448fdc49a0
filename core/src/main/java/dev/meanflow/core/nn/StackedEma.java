package dev.meanflow.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An exponential moving average of a stacked network's weights, one decay per member: after every optimizer step
 * ema = d ema + (1 - d) w, starting from the initial weights (the MeanFlow code's EMA). A member with d = 0 keeps
 * exactly its current weights, so a group may mix members with and without an average.
 */
public final class StackedEma implements AutoCloseable {

  private final NDManager state;
  private final List<NDArray> parameters;
  private final List<NDArray> averages;
  private final double[] decays;
  private final NDArray decay; // [K, 1, 1]

  public StackedEma(Mlp model, double[] decays) {
    this(model, decays, null);
  }

  private StackedEma(Mlp model, double[] decays, List<NDArray> averages) {
    if (!model.stacked() || model.members() != decays.length) {
      throw new IllegalArgumentException("need a stacked network of " + decays.length + " members");
    }
    this.parameters = model.parameters();
    this.state = parameters.get(0).getManager().newSubManager();
    this.decays = decays.clone();
    this.decay = state.create(decays, new Shape(decays.length, 1, 1)).toType(model.dataType(), false);
    this.averages = averages != null ? averages : copies(parameters, state);
    for (NDArray average : this.averages) {
      average.attach(state);
    }
  }

  private static List<NDArray> copies(List<NDArray> parameters, NDManager owner) {
    List<NDArray> copies = new ArrayList<>();
    for (NDArray p : parameters) {
      NDArray detached = p.stopGradient();
      NDArray copy = detached.duplicate();
      detached.close();
      copy.attach(owner);
      copies.add(copy);
    }
    return copies;
  }

  /** Folds the current weights into the average: ema = w + d (ema - w). Call with grad mode off. */
  public void update() {
    for (int i = 0; i < parameters.size(); i++) {
      averages.get(i).subi(parameters.get(i)).muli(decay).addi(parameters.get(i));
    }
  }

  /** A stacked network over a copy of the averages, owned by a sub-manager of {@code parent}. */
  public Mlp network(NDManager parent) {
    NDManager owner = parent.newSubManager();
    return Mlp.fromParameters(owner, copies(averages, owner));
  }

  /** Member {@code k}'s averages, still stacked, as copies owned by {@code owner}. */
  public List<NDArray> memberAverages(int k, NDManager owner) {
    return Stacks.take(averages, new int[] {k}, owner);
  }

  /** The average of {@code model} continuing from each member's {@link #memberAverages}. */
  public static StackedEma resume(Mlp model, double[] decays, List<List<NDArray>> members) {
    return new StackedEma(model, decays, Stacks.concat(members, model.parameters().get(0).getManager()));
  }

  /**
   * The averages of the members {@code keep} for {@code model}, made of them by {@link Mlp#select}; this one is
   * closed.
   */
  public StackedEma select(Mlp model, int[] keep) {
    double[] kept = Arrays.stream(keep).mapToDouble(k -> decays[k]).toArray();
    List<NDArray> keptAverages = Stacks.take(averages, keep, model.parameters().get(0).getManager());
    close();
    return new StackedEma(model, kept, keptAverages);
  }

  @Override
  public void close() {
    state.close();
  }
}
