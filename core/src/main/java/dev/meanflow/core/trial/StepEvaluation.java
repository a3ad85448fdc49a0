package dev.meanflow.core.trial;

import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.metric.MetricValues;

/**
 * The trained model sampled with one step count.
 *
 * @param steps number of sampler steps
 * @param quality metrics of all generated points against a fresh target sample
 * @param oracle the same metrics of the trial's sampler driven by the exact flow, from the same noise against the
 *     same reference: the floor of each metric at this step count and sample count; all NaN when not computed
 * @param seconds wall time of sampling and metrics (the oracle's excluded)
 * @param kept the first {@code kept-samples} generated points, for plots
 */
public record StepEvaluation(int steps, MetricValues quality, MetricValues oracle, double seconds, Points kept) {

  /** Without an oracle. */
  public StepEvaluation(int steps, MetricValues quality, double seconds, Points kept) {
    this(steps, quality, MetricValues.NONE, seconds, kept);
  }
}
