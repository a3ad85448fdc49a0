package dev.meanflow.core.trial;

/** Mean training loss over the window of iterations that ends at {@code iteration} (0-based, inclusive). */
public record LossPoint(int iteration, double loss) {}
