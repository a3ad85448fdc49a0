package dev.meanflow.core.trial;

import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.metric.MetricValues;

/**
 * The trained model sampled with one step count.
 *
 * @param steps number of sampler steps
 * @param quality metrics of all generated points against a fresh target sample
 * @param seconds wall time of sampling and metrics
 * @param kept the first {@code kept-samples} generated points, for plots
 */
public record StepEvaluation(int steps, MetricValues quality, double seconds, Points kept) {}
