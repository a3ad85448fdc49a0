package dev.meanflow.core.objective;

import dev.meanflow.core.spec.Conditioning;

/**
 * Lays out the network input: concat(x, t) for flow matching; concat(x, t, r) or concat(x, t, t - r) for MeanFlow.
 * Also the tangent of that input along d/dt with dx/dt = v, dr/dt = 0: (v, 1, 0) or (v, 1, 1).
 */
public final class ModelInput {
  private ModelInput() {}

  public static int width(boolean meanFlow) {
    return meanFlow ? 4 : 3;
  }

  /** Row-major [n, 3 or 4] input; {@code r == null} means flow matching. */
  public static float[] inputs(int n, float[] x, float[] t, float[] r, Conditioning conditioning) {
    int w = width(r != null);
    float[] z = new float[n * w];
    for (int i = 0; i < n; i++) {
      z[i * w] = x[2 * i];
      z[i * w + 1] = x[2 * i + 1];
      z[i * w + 2] = t[i];
      if (r != null) {
        z[i * w + 3] = conditioning.second(t[i], r[i]);
      }
    }
    return z;
  }

  /** Row-major [n, 4] tangent (v, dt/dt = 1, d(second time)/dt). */
  public static float[] tangent(int n, float[] v, Conditioning conditioning) {
    float[] dz = new float[n * 4];
    float second = conditioning.secondTangent();
    for (int i = 0; i < n; i++) {
      dz[i * 4] = v[2 * i];
      dz[i * 4 + 1] = v[2 * i + 1];
      dz[i * 4 + 2] = 1f;
      dz[i * 4 + 3] = second;
    }
    return dz;
  }
}
