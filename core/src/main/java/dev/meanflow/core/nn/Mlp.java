package dev.meanflow.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The write-up's MLP: {@code depth} hidden layers of {@code width} units with exact (erf) GELU, then a linear head.
 * Depth 0 is a single linear layer. Weights are drawn from the caller's generator with PyTorch's default bounds
 * (uniform in +-1/sqrt(fan_in)), never from torch's process-global generator, so concurrent trials stay
 * reproducible.
 *
 * <p>A <em>stacked</em> network holds K members side by side: weights [K, in, out], biases [K, 1, out], inputs
 * [K, batch, in]. Every operation below is then a batched one (one matrix product for all members), and member k's
 * output depends on member k's parameters and inputs alone, so K trials train as one network.
 *
 * <p>{@link #forwardWithTangent} propagates a tangent alongside the forward pass (forward-mode AD by hand): for a
 * linear layer {@code dh' = dh W}, for GELU {@code dh' = gelu'(h) dh}. The tangent uses detached weights, so the JVP
 * carries no gradient, exactly what the MeanFlow target's stop-gradient asks for.
 */
public final class Mlp {

  private final NDManager manager;
  private final List<NDArray> weights; // [in, out], or [K, in, out] stacked
  private final List<NDArray> biases; // [out], or [K, 1, out] stacked

  /** The arrays live in {@code manager}, a sub-manager of the caller's, which frees them when either closes. */
  private Mlp(NDManager manager, List<NDArray> weights, List<NDArray> biases) {
    this.manager = manager;
    this.weights = weights;
    this.biases = biases;
    for (NDArray p : parameters()) {
      p.setRequiresGradient(true);
    }
  }

  /** A freshly initialised network owned by a sub-manager of {@code parent}. */
  public static Mlp create(
      NDManager parent, DataType type, int in, int width, int depth, int out, RandomGenerator rng) {
    return build(parent, type, in, width, depth, out, List.of(rng), false);
  }

  /**
   * A stacked network of {@code rngs.size()} members; member k holds exactly the values {@link #create} draws
   * from {@code rngs.get(k)}.
   */
  public static Mlp createStacked(NDManager parent, DataType type, int in, int width, int depth, int out,
      List<? extends RandomGenerator> rngs) {
    return build(parent, type, in, width, depth, out, rngs, true);
  }

  private static Mlp build(NDManager parent, DataType type, int in, int width, int depth, int out,
      List<? extends RandomGenerator> rngs, boolean stacked) {
    int[] sizes = layerSizes(in, width, depth, out);
    int layers = sizes.length - 1;
    int members = rngs.size();
    double[][][] w = new double[layers][members][];
    double[][][] b = new double[layers][members][];
    for (int k = 0; k < members; k++) { // member by member, in the order create draws them
      for (int l = 0; l < layers; l++) {
        double bound = 1 / Math.sqrt(sizes[l]);
        w[l][k] = uniform(sizes[l] * sizes[l + 1], bound, rngs.get(k));
        b[l][k] = uniform(sizes[l + 1], bound, rngs.get(k));
      }
    }
    NDManager manager = parent.newSubManager();
    List<NDArray> weights = new ArrayList<>();
    List<NDArray> biases = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      Shape weight = stacked ? new Shape(members, sizes[l], sizes[l + 1]) : new Shape(sizes[l], sizes[l + 1]);
      Shape bias = stacked ? new Shape(members, 1, sizes[l + 1]) : new Shape(sizes[l + 1]);
      weights.add(array(manager, type, concat(w[l]), weight));
      biases.add(array(manager, type, concat(b[l]), bias));
    }
    return new Mlp(manager, weights, biases);
  }

  private static int[] layerSizes(int in, int width, int depth, int out) {
    int[] sizes = new int[depth + 2];
    sizes[0] = in;
    for (int l = 1; l <= depth; l++) {
      sizes[l] = width;
    }
    sizes[depth + 1] = out;
    return sizes;
  }

  private static double[] uniform(int size, double bound, RandomGenerator rng) {
    double[] values = new double[size];
    for (int i = 0; i < values.length; i++) {
      values[i] = bound * (2 * rng.nextDouble() - 1);
    }
    return values;
  }

  private static double[] concat(double[][] parts) {
    return java.util.Arrays.stream(parts).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  private static NDArray array(NDManager manager, DataType type, double[] values, Shape shape) {
    NDArray array = manager.create(values, shape);
    if (type == DataType.FLOAT64) {
      return array;
    }
    try (array) {
      return array.toType(type, false);
    }
  }

  public DataType dataType() {
    return weights.get(0).getDataType();
  }

  public Device device() {
    return weights.get(0).getDevice();
  }

  public boolean stacked() {
    return biases.get(0).getShape().dimension() == 3;
  }

  /** Members of a stacked network; 1 for a plain one. */
  public int members() {
    return stacked() ? Math.toIntExact(weights.get(0).getShape().get(0)) : 1;
  }

  /** Per member of a stacked network: true when none of its parameters holds a NaN or an infinity. */
  public boolean[] finiteMembers() {
    boolean[] finite = new boolean[members()];
    java.util.Arrays.fill(finite, true);
    for (NDArray p : parameters()) {
      try (NDManager scratch = manager.newSubManager()) {
        NDArray values = p.stopGradient();
        values.attach(scratch);
        NDArray bad = values.isNaN().logicalOr(values.isInfinite());
        bad.attach(scratch);
        NDArray perMember = bad.reshape(members(), -1).toType(DataType.INT32, false).max(new int[] {1}).gt(0);
        perMember.attach(scratch);
        boolean[] flags = perMember.toBooleanArray();
        for (int k = 0; k < flags.length; k++) {
          finite[k] &= !flags[k];
        }
      }
    }
    return finite;
  }

  /** A plain network over a copy of member {@code k}'s parameters, owned by a sub-manager of {@code parent}. */
  public Mlp member(NDManager parent, int k) {
    NDManager owner = parent.newSubManager();
    List<NDArray> copies = new ArrayList<>();
    for (int l = 0; l < weights.size(); l++) {
      long out = biases.get(l).getShape().get(biases.get(l).getShape().dimension() - 1);
      try (NDArray w = stacked() ? weights.get(l).get(k) : weights.get(l).duplicate();
          NDArray b = stacked() ? biases.get(l).get(k) : biases.get(l).duplicate();
          NDArray flat = b.reshape(out)) {
        copies.add(detachedInto(w, owner));
        copies.add(detachedInto(flat, owner));
      }
    }
    return fromParameters(owner, copies);
  }

  private static NDArray detachedInto(NDArray array, NDManager owner) {
    NDArray detached = array.stopGradient();
    detached.attach(owner);
    return detached;
  }

  /** A stacked network of the members {@code keep} (in that order), its arrays copied into a new sub-manager. */
  public Mlp select(NDManager parent, int[] keep) {
    NDManager owner = parent.newSubManager();
    return new Mlp(owner, Stacks.take(weights, keep, owner), Stacks.take(biases, keep, owner));
  }

  /** Member {@code k}'s parameters, still stacked (a member axis of 1), as copies owned by {@code owner}. */
  public List<NDArray> memberParameters(int k, NDManager owner) {
    return Stacks.take(parameters(), new int[] {k}, owner);
  }

  /** A stacked network of the members whose {@link #memberParameters} are given, in that order. */
  public static Mlp stack(NDManager parent, List<List<NDArray>> members) {
    NDManager owner = parent.newSubManager();
    return fromParameters(owner, Stacks.concat(members, owner));
  }

  /** Weights and biases, layer by layer: the arrays the optimizer updates. */
  public List<NDArray> parameters() {
    List<NDArray> all = new ArrayList<>();
    for (int l = 0; l < weights.size(); l++) {
      all.add(weights.get(l));
      all.add(biases.get(l));
    }
    return all;
  }

  /** {@code z [batch, inputs] -> [batch, outputs]}, or [K, batch, inputs] -> [K, batch, outputs] stacked. */
  public NDArray forward(NDArray z) {
    NDArray h = z;
    for (int l = 0; l < weights.size(); l++) {
      h = h.matMul(weights.get(l)).addi(biases.get(l));
      if (l + 1 < weights.size()) {
        h = Activation.gelu(h);
      }
    }
    return h;
  }

  /**
   * The output and its directional derivative along {@code dz}: the exact Jacobian-vector product. Only the output
   * carries gradient.
   */
  public NDList forwardWithTangent(NDArray z, NDArray dz) {
    NDArray h = z;
    NDArray dh = dz;
    for (int l = 0; l < weights.size(); l++) {
      NDArray w = weights.get(l);
      h = h.matMul(w).addi(biases.get(l));
      NDArray detached = w.stopGradient();
      detached.attach(dz.getManager()); // freed with the caller's step, not kept until the model closes
      dh = dh.matMul(detached);
      if (l + 1 < weights.size()) {
        dh = geluTangent(h, dh);
        h = Activation.gelu(h);
      }
    }
    return new NDList(h, dh);
  }

  /**
   * gelu'(h) dh, as the vector-Jacobian product of GELU at a detached copy of h with dh as upstream gradient: GELU is
   * elementwise, so its VJP is its JVP, and libtorch's fused GELU backward kernel does in one pass what the erf/exp
   * formula needs ten for.
   */
  private static NDArray geluTangent(NDArray h, NDArray dh) {
    boolean recording = Torch.isRecording();
    Torch.recordGradients(true);
    try {
      NDArray leaf = h.stopGradient();
      leaf.setRequiresGradient(true);
      Torch.backward(Activation.gelu(leaf), dh);
      return leaf.getGradient();
    } finally {
      Torch.recordGradients(recording);
    }
  }

  /** Writes every parameter (their shapes give the layer sizes); {@link #load} restores them bit for bit. */
  public void save(DataOutputStream out) throws IOException {
    byte[] encoded = new NDList(parameters()).encode();
    out.writeInt(encoded.length);
    out.write(encoded);
  }

  public static Mlp load(NDManager parent, DataInputStream in) throws IOException {
    byte[] encoded = in.readNBytes(in.readInt());
    NDManager manager = parent.newSubManager();
    return fromParameters(manager, NDList.decode(manager, encoded));
  }

  /** A network over given parameters (weight [in, out], bias [out], layer by layer), which it takes ownership of. */
  public static Mlp fromParameters(NDManager manager, List<NDArray> parameters) {
    List<NDArray> weights = new ArrayList<>();
    List<NDArray> biases = new ArrayList<>();
    for (int i = 0; i < parameters.size(); i += 2) {
      weights.add(parameters.get(i));
      biases.add(parameters.get(i + 1));
    }
    for (NDArray p : parameters) {
      p.attach(manager);
    }
    return new Mlp(manager, weights, biases);
  }

  /** Frees the parameters now rather than with the caller's manager. */
  public void close() {
    manager.close();
  }
}
