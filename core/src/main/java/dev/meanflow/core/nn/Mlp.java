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
 * <p>{@link #forwardWithTangent} propagates a tangent alongside the forward pass (forward-mode AD by hand): for a
 * linear layer {@code dh' = dh W}, for GELU {@code dh' = gelu'(h) dh}. The tangent uses detached weights, so the JVP
 * carries no gradient, exactly what the MeanFlow target's stop-gradient asks for.
 */
public final class Mlp {

  private final List<NDArray> weights; // [in, out]
  private final List<NDArray> biases; // [out]

  /** The arrays live in a sub-manager of the caller's manager, which frees them when it closes. */
  private Mlp(List<NDArray> weights, List<NDArray> biases) {
    this.weights = weights;
    this.biases = biases;
    for (NDArray p : parameters()) {
      p.setRequiresGradient(true);
    }
  }

  /** A freshly initialised network owned by a sub-manager of {@code parent}. */
  public static Mlp create(
      NDManager parent, DataType type, int in, int width, int depth, int out, RandomGenerator rng) {
    int[] sizes = layerSizes(in, width, depth, out);
    NDManager manager = parent.newSubManager();
    List<NDArray> weights = new ArrayList<>();
    List<NDArray> biases = new ArrayList<>();
    for (int l = 0; l + 1 < sizes.length; l++) {
      double bound = 1 / Math.sqrt(sizes[l]);
      weights.add(uniform(manager, type, new Shape(sizes[l], sizes[l + 1]), bound, rng));
      biases.add(uniform(manager, type, new Shape(sizes[l + 1]), bound, rng));
    }
    return new Mlp(weights, biases);
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

  private static NDArray uniform(NDManager manager, DataType type, Shape shape, double bound, RandomGenerator rng) {
    double[] values = new double[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = bound * (2 * rng.nextDouble() - 1);
    }
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

  /** Weights and biases, layer by layer: the arrays the optimizer updates. */
  public List<NDArray> parameters() {
    List<NDArray> all = new ArrayList<>();
    for (int l = 0; l < weights.size(); l++) {
      all.add(weights.get(l));
      all.add(biases.get(l));
    }
    return all;
  }

  /** {@code z [batch, inputs] -> [batch, outputs]}. */
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
    return new Mlp(weights, biases);
  }
}
