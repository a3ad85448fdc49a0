package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import java.util.Arrays;
import java.util.List;

/**
 * The MeanFlow paper's adaptive loss weight w = sg(1 / (||err||^2 + c)^p) per sample, with each member's own p and
 * c. A member's loss is {@code mean_b(w_b * mean_d(err_bd^2))}, so p = 0 (w = 1) gives exactly the plain mean
 * squared error of the write-up.
 */
public record AdaptiveWeight(double[] p, double[] c) {

  static AdaptiveWeight of(List<TrialSpec> members) {
    return new AdaptiveWeight(members.stream().mapToDouble(s -> s.get(Knobs.ADAPTIVE_P)).toArray(),
        members.stream().mapToDouble(s -> s.get(Knobs.ADAPTIVE_C)).toArray());
  }

  /** One member's weight. */
  public static AdaptiveWeight single(double p, double c) {
    return new AdaptiveWeight(new double[] {p}, new double[] {c});
  }

  /** {@code err [K, batch, dims]} -> the members' losses [K]. */
  public NDArray losses(NDArray err) {
    NDArray squared = err.square();
    if (Arrays.stream(p).allMatch(v -> v == 0)) {
      return squared.reshape(p.length, -1).mean(new int[] {1}); // torch reduces one axis at a time here
    }
    long dims = err.getShape().get(2);
    NDArray perSample = squared.sum(new int[] {2}); // [K, batch]
    Shape column = new Shape(p.length, 1);
    NDArray exponent = err.getManager().create(Arrays.stream(p).map(v -> -v).toArray(), column)
        .toType(err.getDataType(), false);
    NDArray offset = err.getManager().create(c, column).toType(err.getDataType(), false);
    NDArray weight = perSample.stopGradient().add(offset).pow(exponent);
    return perSample.mul(weight).mean(new int[] {1}).divi(dims);
  }
}
