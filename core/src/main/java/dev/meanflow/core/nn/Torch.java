package dev.meanflow.core.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The few libtorch switches the project needs, kept in one place. Grad mode is thread-local in libtorch, and DJL's
 * {@code GradientCollector} allows one collector per JVM, so concurrent trainings drive autograd directly here.
 */
public final class Torch {

  static {
    // DJL must never reach the network: libtorch comes from the pytorch-native-cpu jar.
    System.setProperty("ai.djl.offline", "true");
  }

  private Torch() {}

  /** Loads the PyTorch engine once (about 1-4 s) and returns its libtorch version. */
  public static String ensureLoaded() {
    return Engine.getEngine("PyTorch").getVersion();
  }

  /** Records operations for autograd on the calling thread (new threads start with it on). */
  public static void recordGradients(boolean on) {
    JniUtils.setGradMode(on);
  }

  public static boolean isRecording() {
    return JniUtils.isGradMode();
  }

  /** Reverse-mode gradient of a scalar {@code loss} into every parameter that requires one; frees the graph. */
  public static void backward(NDArray loss) {
    try (NDArray seed = loss.onesLike()) {
      backward(loss, seed);
    }
  }

  /** Accumulates {@code upstream}^T d(output)/d(leaf) into the gradient of every leaf; frees the graph. */
  public static void backward(NDArray output, NDArray upstream) {
    JniUtils.backward((PtNDArray) output, (PtNDArray) upstream, false, false);
  }

  /** Zeroes the accumulated gradient of {@code parameter}. */
  public static void zeroGradient(NDArray parameter) {
    JniUtils.zeroGrad((PtNDArray) parameter);
  }

  /** Intra-op threads of libtorch; process-wide, so every concurrent trial should ask for the same number. */
  public static void setThreads(int threads) {
    if (threads > 0 && JniUtils.getNumThreads() != threads) {
      JniUtils.setNumThreads(threads);
    }
  }

  public static int threads() {
    return JniUtils.getNumThreads();
  }
}
