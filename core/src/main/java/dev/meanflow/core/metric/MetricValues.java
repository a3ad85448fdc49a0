package dev.meanflow.core.metric;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** One value per {@link Metric}, NaN where a metric does not apply; looked up by metric, never by position. */
public record MetricValues(Map<Metric, Double> values) {

  /** Nothing measured: every metric NaN. */
  public static final MetricValues NONE = new MetricValues(Map.of());

  public MetricValues {
    EnumMap<Metric, Double> copy = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      copy.put(m, values.getOrDefault(m, Double.NaN));
    }
    values = Collections.unmodifiableMap(copy);
  }

  public double get(Metric metric) {
    return values.get(metric);
  }

  /** The metrics with a finite value, in registry order: what statistics over trials may pool. */
  public Map<Metric, Double> finite() {
    Map<Metric, Double> finite = new EnumMap<>(Metric.class);
    values.forEach((metric, value) -> {
      if (Double.isFinite(value)) {
        finite.put(metric, value);
      }
    });
    return finite;
  }
}
