package dev.meanflow.jobs.report;

import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.LossPoint;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.tables.ExecutorInfo;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.TrialLanding;
import dev.meanflow.jobs.tables.RunContext;
import dev.meanflow.jobs.tables.TrialRowBuilder;
import dev.meanflow.jobs.tables.TrialRows;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.SparkSession;

/**
 * A tiny sweep landed by the real row builder and landing: checkerboard FM and MF in both directions with an MF
 * ablation of r-neq-t-share over three values and two seeds, two-moons FM/MF reverse with one seed (all in run-a's
 * first wave), one FAILED trial (run-a's second wave, only a trials row) and one DIVERGED trial in a second run
 * (run-b, trials and losses). Metric values follow a smooth made-up law of the step count with seed noise, so
 * aggregates are known.
 */
final class SyntheticSweep {
  static final String SWEEP = "tiny-ablation";
  static final List<Integer> STEPS = List.of(1, 2, 8, 100);
  static final List<Double> R_SHARES = List.of(0.25, 0.5, 1.0);
  static final int POINTS = 300;
  static final int LOSS_POINTS = 20;
  static final String FAILED_MESSAGE =
      "java.lang.IllegalStateException: JVP returned <NaN> & \"inf\" at iteration 7";
  static final String DIVERGED_MESSAGE = "loss became NaN at iteration 140";

  /** A trial of the fixture and the run and wave (start-time offset) it belongs to. */
  record Trial(TrialSpec spec, TrialStatus status, String message, String runId, int wave) {}

  private SyntheticSweep() {}

  static List<Trial> trials() {
    List<Trial> trials = new ArrayList<>();
    for (long seed : new long[] {0, 1}) {
      for (Direction direction : Direction.values()) {
        trials.add(ok(base(Flow.FM, direction).with(Knobs.SEED, seed).build()));
        for (double r : R_SHARES) {
          trials.add(ok(base(Flow.MF, direction).with(Knobs.R_NEQ_T_SHARE, r).with(Knobs.SEED, seed).build()));
        }
      }
    }
    for (Flow flow : Flow.values()) {
      trials.add(ok(base(flow, Direction.REVERSE).with(Knobs.TARGET, TargetKind.TWO_MOONS).build()));
    }
    trials.add(new Trial(base(Flow.MF, Direction.FORWARD).with(Knobs.R_NEQ_T_SHARE, 0.5).with(Knobs.SEED, 2L).build(), TrialStatus.FAILED, FAILED_MESSAGE,
        "run-a", 1));
    trials.add(new Trial(base(Flow.MF, Direction.REVERSE).with(Knobs.R_NEQ_T_SHARE, 0.25).with(Knobs.SEED, 2L).build(), TrialStatus.DIVERGED,
        DIVERGED_MESSAGE, "run-b", 0));
    return trials;
  }

  private static Trial ok(TrialSpec spec) {
    return new Trial(spec, TrialStatus.OK, null, "run-a", 0);
  }

  private static TrialSpec.Builder base(Flow flow, Direction direction) {
    return TrialSpec.builder().with(Knobs.FLOW, flow).with(Knobs.DIRECTION, direction).with(Knobs.ITERATIONS, 400)
        .with(Knobs.BATCH, 256).with(Knobs.WIDTH, 32).with(Knobs.DEPTH, 2).with(Knobs.EVAL_SAMPLES, 2000)
        .with(Knobs.EVAL_STEPS, STEPS).with(Knobs.LOSS_POINTS, LOSS_POINTS).with(Knobs.KEPT_SAMPLES, POINTS)
        .with(Knobs.THREADS, 1);
  }

  /** Lands every trial under root through the real row builder and {@link TrialLanding}, one attempt each. */
  static void write(SparkSession spark, Path root) {
    DeltaStore store = new DeltaStore(root.toString(), spark.sparkContext().hadoopConfiguration());
    store.createMissingTables();
    TrialLanding landing = new TrialLanding(store, TrialLanding.Observer.NONE);
    List<Trial> trials = trials();
    for (int i = 0; i < trials.size(); i++) {
      landing.land(SWEEP, rows(trials.get(i), trials.get(i).runId() + "/" + i));
    }
  }

  private static TrialRows rows(Trial t, String attemptId) {
    TrialSpec s = t.spec();
    boolean ok = t.status() == TrialStatus.OK;
    int done = ok ? s.get(Knobs.ITERATIONS) : t.status() == TrialStatus.FAILED ? 7 : 140;
    List<StepEvaluation> evals = new ArrayList<>();
    if (ok) {
      for (int steps : STEPS) {
        evals.add(new StepEvaluation(steps, quality(s, steps), 0.05 * steps, samples(s, steps)));
      }
    }
    TrialResult result = new TrialResult(s, t.status(), t.message(), "cpu", done, ok ? finalLoss(t) : Double.NaN,
        1.2, ok ? 8.5 : 0.4, ok ? 0.9 : 0.0, ok ? 47.0 : 17.5, losses(t), evals);
    RunContext run = new RunContext(SWEEP, t.runId(), "0123abc", "0.1.0", "0.36.0", "2.7.1", "4.2.0");
    ExecutorInfo where = new ExecutorInfo(t.runId().equals("run-b") ? "worker-2" : "worker-1", "1",
        4242L + s.get(Knobs.SEED), 0, null, "17.0.15", "amd64");
    Instant start = Instant.parse("2026-11-27T01:00:00Z").plusSeconds(30L * (s.get(Knobs.SEED) + t.wave()));
    return TrialRowBuilder.rows(result, run, attemptId, where, start, start.plusSeconds(11));
  }

  /** The made-up quality law: cell TV falls with steps; MF is good at 1 step, more so with more r != t pairs. */
  static double cellTv(TrialSpec s, int steps) {
    double tv;
    if (s.get(Knobs.FLOW) == Flow.FM) {
      tv = (s.get(Knobs.DIRECTION) == Direction.REVERSE ? 0.07 : 0.09) + 0.75 / Math.pow(steps, 0.8);
    } else {
      double oneStep = s.get(Knobs.DIRECTION) == Direction.REVERSE ? 0.19 : 0.6;
      tv = 0.12 + (oneStep - 0.12) / Math.sqrt(steps) + 0.1 * (1 - s.get(Knobs.R_NEQ_T_SHARE));
    }
    return tv + 0.02 * (new Random(s.id().hashCode() * 31L + steps).nextDouble() - 0.5);
  }

  private static double finalLoss(Trial t) {
    TrialSpec s = t.spec();
    double reverse = s.get(Knobs.DIRECTION) == Direction.REVERSE ? 0.04 : 0;
    return s.get(Knobs.FLOW) == Flow.FM ? 1.05 + reverse + 0.01 * s.get(Knobs.SEED)
        : 0.45 + 0.3 * s.get(Knobs.R_NEQ_T_SHARE) + reverse + 0.02 * s.get(Knobs.SEED);
  }

  private static MetricValues quality(TrialSpec s, int steps) {
    double tv = cellTv(s, steps);
    boolean board = s.get(Knobs.TARGET).hasCells();
    Map<Metric, Double> v = new EnumMap<>(Metric.class);
    if (board) {
      v.put(Metric.IN_SUPPORT, 1 - 0.5 * tv);
      v.put(Metric.CELL_TV, tv);
      v.put(Metric.COVERED_CELLS, (double) Math.round(8 * (1 - tv)));
    }
    v.put(Metric.MMD, 0.05 * tv);
    v.put(Metric.ENERGY, 0.3 * tv);
    v.put(Metric.SWD, 1.2 * tv);
    v.put(Metric.KS_X, 0.4 * tv);
    v.put(Metric.KS_Y, 0.38 * tv);
    v.put(Metric.KS_X_P, 0.01);
    v.put(Metric.KS_Y_P, 0.02);
    return new MetricValues(v);
  }

  private static List<LossPoint> losses(Trial t) {
    List<LossPoint> points = new ArrayList<>();
    int n = t.status() == TrialStatus.OK ? LOSS_POINTS : t.status() == TrialStatus.DIVERGED ? 8 : 0;
    Random random = new Random(t.spec().get(Knobs.SEED));
    for (int i = 0; i < n; i++) {
      int iteration = i * t.spec().get(Knobs.ITERATIONS) / LOSS_POINTS;
      double loss = t.status() == TrialStatus.DIVERGED && i == n - 1 ? Double.NaN
          : finalLoss(t) * (1 + 1.5 * Math.exp(-i / 3.0)) * (1 + 0.03 * random.nextGaussian());
      points.add(new LossPoint(iteration, loss));
    }
    return points;
  }

  /** Points inside occupied checkerboard cells with probability in-support, else Gaussian noise. */
  private static Points samples(TrialSpec s, int steps) {
    double inSupport = 1 - 0.5 * cellTv(s, steps);
    Random random = new Random(s.id().hashCode() + 7L * steps);
    float[] xy = new float[2 * POINTS];
    int grid = s.get(Knobs.GRID_SIZE);
    double scale = s.get(Knobs.SCALE);
    double w = 2 * scale / grid;
    for (int i = 0; i < POINTS; i++) {
      double x;
      double y;
      if (s.get(Knobs.TARGET) == TargetKind.TWO_MOONS) {
        double a = Math.PI * random.nextDouble();
        boolean upper = random.nextBoolean();
        x = upper ? Math.cos(a) : 1 - Math.cos(a);
        y = (upper ? Math.sin(a) : 0.5 - Math.sin(a)) + 0.3 * (1 - inSupport) * random.nextGaussian();
      } else if (random.nextDouble() < inSupport) {
        int cell = random.nextInt(grid * grid / 2);
        int j = cell / (grid / 2);
        int i0 = 2 * (cell % (grid / 2)) + (j % 2);
        x = -scale + (i0 + random.nextDouble()) * w;
        y = -scale + (j + random.nextDouble()) * w;
      } else {
        x = 1.3 * random.nextGaussian();
        y = 1.3 * random.nextGaussian();
      }
      xy[2 * i] = (float) x;
      xy[2 * i + 1] = (float) y;
    }
    return new Points(xy);
  }
}
