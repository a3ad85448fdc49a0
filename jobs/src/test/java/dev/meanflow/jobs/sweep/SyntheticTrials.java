package dev.meanflow.jobs.sweep;

import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.metric.SampleQuality;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.LossPoint;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stand-in trial runner for tests of the harness itself (resume, concurrency): results that are a pure function
 * of the spec, shaped like the core runner's, produced in milliseconds. lr above 100 "diverges".
 */
final class SyntheticTrials {
  private SyntheticTrials() {}

  static TrialResult run(TrialSpec spec) {
    SplittableRandom rng = new SplittableRandom(spec.id().hashCode());
    boolean diverged = spec.lr() > 100;
    List<LossPoint> losses = new ArrayList<>();
    for (int i = 0; i < spec.lossPoints(); i++) {
      int iteration = (int) ((long) (i + 1) * spec.iterations() / spec.lossPoints()) - 1;
      losses.add(new LossPoint(iteration, diverged && i > spec.lossPoints() / 2 ? Double.NaN : 1.0 / (1 + i)));
    }
    List<StepEvaluation> evals = new ArrayList<>();
    for (int steps : spec.evalSteps()) {
      float[] xy = new float[2 * spec.keptSamples()];
      for (int i = 0; i < xy.length; i++) {
        xy[i] = (float) rng.nextDouble(-2, 2);
      }
      SampleQuality q = new SampleQuality(rng.nextDouble(), rng.nextDouble(), rng.nextInt(9), rng.nextDouble(),
          rng.nextDouble(), rng.nextDouble(), rng.nextDouble(), rng.nextDouble(), Double.NaN, rng.nextDouble());
      evals.add(new StepEvaluation(steps, q, 0.01, new Points(xy)));
    }
    return new TrialResult(spec, diverged ? TrialStatus.DIVERGED : TrialStatus.OK,
        diverged ? "loss became NaN" : null, spec.device(), spec.iterations(), diverged ? Double.NaN : 0.01, 0.1,
        0.2, 0.03, spec.iterations() / 0.2, losses, evals);
  }
}
