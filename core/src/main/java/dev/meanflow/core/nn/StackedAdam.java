package dev.meanflow.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adam exactly as {@code torch.optim.Adam} with its defaults (beta 0.9/0.999, eps 1e-8 added to the bias-corrected
 * root, no weight decay) over the parameters of a stacked network, with one learning rate per member. Adam is
 * elementwise, so each member's update is the one its own optimizer would make.
 */
public final class StackedAdam implements AutoCloseable {

  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPSILON = 1e-8;

  private final NDManager state;
  private final List<NDArray> parameters;
  private final List<NDArray> means;
  private final List<NDArray> variances;
  private final double[] rates;
  private final NDArray learningRates; // [K, 1, 1]
  private int steps;

  public StackedAdam(Mlp model, double[] learningRates) {
    this(model, learningRates, null, null, 0);
  }

  /** Moments null: zero, as a fresh optimizer; else taken over by this one. */
  private StackedAdam(Mlp model, double[] rates, List<NDArray> means, List<NDArray> variances, int steps) {
    if (!model.stacked() || model.members() != rates.length) {
      throw new IllegalArgumentException(
          "need a stacked network of " + rates.length + " members, got " + model.members());
    }
    this.parameters = model.parameters();
    this.state = parameters.get(0).getManager().newSubManager();
    this.rates = rates.clone();
    this.steps = steps;
    this.learningRates = state.create(rates, new Shape(rates.length, 1, 1)).toType(model.dataType(), false);
    this.means = means != null ? means : zerosLike(parameters, state);
    this.variances = variances != null ? variances : zerosLike(parameters, state);
    for (NDArray moment : this.means) {
      moment.attach(state);
    }
    for (NDArray moment : this.variances) {
      moment.attach(state);
    }
  }

  private static List<NDArray> zerosLike(List<NDArray> parameters, NDManager manager) {
    List<NDArray> zeros = new ArrayList<>();
    for (NDArray p : parameters) {
      zeros.add(manager.zeros(p.getShape(), p.getDataType()));
    }
    return zeros;
  }

  /** Applies the gradients accumulated by {@link Torch#backward} and zeroes them. Call with grad mode off. */
  public void step() {
    steps++;
    double correction1 = 1 - Math.pow(BETA1, steps);
    double root2 = Math.sqrt(1 - Math.pow(BETA2, steps));
    try (NDManager scratch = state.newSubManager()) {
      NDArray stepSizes = learningRates.div(correction1);
      stepSizes.attach(scratch);
      for (int i = 0; i < parameters.size(); i++) {
        NDArray parameter = parameters.get(i);
        NDArray gradient = parameter.getGradient();
        gradient.attach(scratch);
        NDArray mean = means.get(i).muli(BETA1).addi(scratch(gradient.mul(1 - BETA1), scratch));
        NDArray variance = variances.get(i).muli(BETA2).addi(scratch(gradient.square().muli(1 - BETA2), scratch));
        NDArray denominator = scratch(variance.sqrt(), scratch).divi(root2).addi(EPSILON);
        parameter.subi(scratch(mean.div(denominator), scratch).muli(stepSizes));
        Torch.zeroGradient(parameter);
      }
    }
  }

  private static NDArray scratch(NDArray array, NDManager scratch) {
    array.attach(scratch);
    return array;
  }

  /** Optimizer steps taken: its bias correction depends on it. */
  public int steps() {
    return steps;
  }

  /** Member {@code k}'s first moments then its second moments, copies owned by {@code owner}. */
  public List<NDArray> memberMoments(int k, NDManager owner) {
    List<NDArray> moments = new ArrayList<>(Stacks.take(means, new int[] {k}, owner));
    moments.addAll(Stacks.take(variances, new int[] {k}, owner));
    return moments;
  }

  /**
   * The optimizer of {@code model} continuing from each member's {@link #memberMoments}, after {@code steps} steps:
   * its next step is the one the saved optimizer would have taken.
   */
  public static StackedAdam resume(Mlp model, double[] learningRates, List<List<NDArray>> members, int steps) {
    NDManager owner = model.parameters().get(0).getManager();
    List<NDArray> moments = Stacks.concat(members, owner);
    int half = moments.size() / 2;
    return new StackedAdam(model, learningRates, new ArrayList<>(moments.subList(0, half)),
        new ArrayList<>(moments.subList(half, moments.size())), steps);
  }

  /**
   * The state of the members {@code keep} for {@code model}, the network {@link Mlp#select} made of them; this
   * optimizer is closed.
   */
  public StackedAdam select(Mlp model, int[] keep) {
    double[] keptRates = Arrays.stream(keep).mapToDouble(k -> rates[k]).toArray();
    NDManager owner = model.parameters().get(0).getManager();
    List<NDArray> keptMeans = Stacks.take(means, keep, owner);
    List<NDArray> keptVariances = Stacks.take(variances, keep, owner);
    close();
    return new StackedAdam(model, keptRates, keptMeans, keptVariances, steps);
  }

  @Override
  public void close() {
    state.close();
  }
}
