package dev.meanflow.core.objective;

/**
 * One training batch on the linear path x_t = t x1 + (1 - t) x0 with conditional velocity v = x1 - x0, kept in
 * Java arrays (interleaved x, y) until the objective turns it into tensors. {@code r} is null for flow matching;
 * {@code split} holds SplitMeanFlow's lambda per sample, null for the other objectives.
 */
public record Batch(int size, float[] xt, float[] v, float[] t, float[] r, float[] split) {

  public Batch(int size, float[] xt, float[] v, float[] t, float[] r) {
    this(size, xt, v, t, r, null);
  }

  /** t - r per sample (MeanFlow). */
  public float[] intervalLengths() {
    float[] lengths = new float[size];
    for (int i = 0; i < size; i++) {
      lengths[i] = t[i] - r[i];
    }
    return lengths;
  }
}
