package dev.meanflow.core.trial;

import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.metric.QualityEvaluator;
import dev.meanflow.core.reference.ReferenceFlow;
import dev.meanflow.core.sampler.OracleSampler;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The oracle's metrics per step count, shared by every trial of one JVM whose oracle is the same: it depends on the
 * target, direction, sampler, seed (noise, reference and metric draws) and sample count only, not on anything the
 * network learns, and integrating the exact flow costs seconds per ten thousand points.
 */
final class OracleEvaluations {
  private OracleEvaluations() {}

  /** What the oracle of a trial depends on: the target with its parameters, and how it is sampled and scored. */
  private static final List<Knob<?>> INPUTS = Stream.concat(
      Stream.of(Knobs.TARGET, Knobs.DIRECTION, Knobs.SAMPLER, Knobs.SEED, Knobs.EVAL_SAMPLES),
      Knobs.REGISTRY.withRole(Knob.Role.TARGET).stream()).toList();
  /** Beyond this many oracles the cache starts again: a sweep of a few seeds and targets needs a handful. */
  private static final int CAPACITY = 512;
  private static final Map<String, MetricValues> CACHE = new ConcurrentHashMap<>();

  /** The oracle of {@code spec} at {@code steps}, sampled from {@code noise} and scored like the model. */
  static MetricValues of(TrialSpec spec, ReferenceFlow flow, int steps, Points noise, Points reference,
      QualityEvaluator evaluator) {
    if (CACHE.size() >= CAPACITY) {
      CACHE.clear();
    }
    OracleSampler sampler = new OracleSampler(spec.get(Knobs.SAMPLER), flow);
    // exact jumps sample the same points at every step count: one integration serves them all
    int keySteps = sampler.exactAtAnyStepCount() ? 0 : steps;
    return CACHE.computeIfAbsent(key(spec, keySteps), k -> evaluator.evaluate(sampler.sample(noise, steps),
        reference));
  }

  private static String key(TrialSpec spec, int steps) {
    StringBuilder key = new StringBuilder();
    for (Knob<?> knob : INPUTS) {
      key.append(knob.key()).append('=').append(spec.get(knob)).append(';');
    }
    return key.append("steps=").append(steps).toString();
  }
}
