package dev.meanflow.core.objective;

/**
 * One training batch on the linear path x_t = t x1 + (1 - t) x0 with conditional velocity v = x1 - x0, kept in
 * Java arrays (interleaved x, y) until the objective turns it into tensors. {@code r} is null for flow matching.
 */
public record Batch(int size, float[] xt, float[] v, float[] t, float[] r) {}
