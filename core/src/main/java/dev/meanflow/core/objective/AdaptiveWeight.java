package dev.meanflow.core.objective;

import ai.djl.ndarray.NDArray;

/**
 * The MeanFlow paper's adaptive loss weight w = sg(1 / (||err||^2 + c)^p) per sample. The loss is
 * {@code mean_b(w_b * mean_d(err_bd^2))}, so p = 0 gives exactly the plain mean squared error of the write-up.
 */
public record AdaptiveWeight(double p, double c) {

  /** {@code err [batch, dims]} -> scalar loss. */
  public NDArray loss(NDArray err) {
    NDArray squared = err.square();
    if (p == 0) {
      return squared.mean();
    }
    long dims = err.getShape().get(1);
    NDArray perSample = squared.sum(new int[] {1});
    NDArray weight = perSample.stopGradient().add(c).powi(-p);
    return perSample.mul(weight).mean().divi(dims);
  }
}
