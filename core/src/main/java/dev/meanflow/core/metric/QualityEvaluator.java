package dev.meanflow.core.metric;

import dev.meanflow.core.distribution.Distribution;
import dev.meanflow.core.distribution.Points;
import java.util.EnumMap;
import java.util.Map;

/**
 * Scores generated points against a reference sample of the target with every {@link Metric}. The quadratic-cost
 * distances (MMD, energy) use the first {@code pairwiseCap} points of each side; the rest use every point.
 */
public record QualityEvaluator(Distribution target, int pairwiseCap, int projections, long seed) {

  public static final int DEFAULT_PAIRWISE_CAP = 2000;
  public static final int DEFAULT_PROJECTIONS = 128;

  public MetricValues evaluate(Points generated, Points reference) {
    MetricInputs inputs = new MetricInputs(target, generated, reference, pairwiseCap, projections, seed);
    Map<Metric, Double> values = new EnumMap<>(Metric.class);
    for (Metric metric : Metric.values()) {
      values.put(metric, metric.compute(inputs));
    }
    return new MetricValues(values);
  }
}
