package dev.meanflow.jobs.sweep;

import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.LossPoint;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A stand-in trial runner for tests of the harness itself (resume, concurrency): results that are a pure function
 * of the spec, shaped like the core runner's, produced in milliseconds. lr above 100 "diverges".
 */
final class SyntheticTrials {
  private SyntheticTrials() {}

  static TrialResult run(TrialSpec spec) {
    SplittableRandom rng = new SplittableRandom(spec.id().hashCode());
    boolean diverged = spec.get(Knobs.LR) > 100;
    List<LossPoint> losses = new ArrayList<>();
    for (int i = 0; i < spec.get(Knobs.LOSS_POINTS); i++) {
      int iteration = (int) ((long) (i + 1) * spec.get(Knobs.ITERATIONS) / spec.get(Knobs.LOSS_POINTS)) - 1;
      losses.add(new LossPoint(iteration, diverged && i > spec.get(Knobs.LOSS_POINTS) / 2 ? Double.NaN : 1.0 / (1 + i)));
    }
    List<StepEvaluation> evals = new ArrayList<>();
    for (int steps : spec.get(Knobs.EVAL_STEPS)) {
      float[] xy = new float[2 * spec.get(Knobs.KEPT_SAMPLES)];
      for (int i = 0; i < xy.length; i++) {
        xy[i] = (float) rng.nextDouble(-2, 2);
      }
      // every metric a draw of its own, except ks_x_p, which stays NaN (SQL NULL in the tables)
      Map<Metric, Double> values = new EnumMap<>(Metric.class);
      for (Metric metric : Metric.values()) {
        values.put(metric, metric == Metric.KS_X_P ? Double.NaN : rng.nextDouble());
      }
      evals.add(new StepEvaluation(steps, new MetricValues(values), 0.01, new Points(xy)));
    }
    return new TrialResult(spec, diverged ? TrialStatus.DIVERGED : TrialStatus.OK,
        diverged ? "loss became NaN" : null, spec.get(Knobs.DEVICE), spec.get(Knobs.ITERATIONS), diverged ? Double.NaN : 0.01, 0.1,
        0.2, 0.03, spec.get(Knobs.ITERATIONS) / 0.2, losses, evals);
  }
}
