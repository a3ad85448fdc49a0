package dev.meanflow.jobs.report;

import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.spec.TrialSpec;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * A tiny sweep written in the contract's layout, {@code <root>/<table>/<run_id>/flush-<k>/part-*.parquet}:
 * checkerboard FM and MF in both directions with an MF ablation of r-neq-t-share over three values and two seeds,
 * two-moons FM/MF reverse with one seed (all in run-a/flush-0), one FAILED trial (run-a/flush-1, only a trials
 * row) and one DIVERGED trial in a second run (run-b/flush-0, trials and losses). Metric
 * values follow a smooth made-up law of the step count with seed noise, so aggregates are known.
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

  /** A trial of the fixture and the run/flush it is written to. */
  record Trial(TrialSpec spec, String status, String message, String runId, int flush) {}

  private SyntheticSweep() {}

  static List<Trial> trials() {
    List<Trial> trials = new ArrayList<>();
    for (long seed : new long[] {0, 1}) {
      for (Direction direction : Direction.values()) {
        trials.add(ok(base(Flow.FM, direction).seed(seed).build()));
        for (double r : R_SHARES) {
          trials.add(ok(base(Flow.MF, direction).rNeqTShare(r).seed(seed).build()));
        }
      }
    }
    for (Flow flow : Flow.values()) {
      trials.add(ok(base(flow, Direction.REVERSE).target(TargetKind.TWO_MOONS).build()));
    }
    trials.add(new Trial(base(Flow.MF, Direction.FORWARD).rNeqTShare(0.5).seed(2).build(), "FAILED", FAILED_MESSAGE,
        "run-a", 1));
    trials.add(new Trial(base(Flow.MF, Direction.REVERSE).rNeqTShare(0.25).seed(2).build(), "DIVERGED",
        DIVERGED_MESSAGE, "run-b", 0));
    return trials;
  }

  private static Trial ok(TrialSpec spec) {
    return new Trial(spec, "OK", null, "run-a", 0);
  }

  private static TrialSpec.Builder base(Flow flow, Direction direction) {
    return TrialSpec.builder().flow(flow).direction(direction).iterations(400).batch(256).width(32).depth(2)
        .evalSamples(2000).evalSteps(STEPS).lossPoints(LOSS_POINTS).keptSamples(POINTS).threads(1);
  }

  /** Writes all four tables under root, one Parquet folder per run and flush, like the sweep driver. */
  static void write(SparkSession spark, Path root) {
    List<Trial> trials = trials();
    List<Runnable> data = new ArrayList<>();
    List<Runnable> trialTables = new ArrayList<>();
    for (String run : List.of("run-a", "run-b")) {
      for (int flush : new int[] {0, 1}) {
        List<Trial> batch = trials.stream().filter(t -> t.runId().equals(run) && t.flush() == flush).toList();
        List<Row> trialRows = new ArrayList<>();
        List<Row> evalRows = new ArrayList<>();
        List<Row> lossRows = new ArrayList<>();
        List<Row> sampleRows = new ArrayList<>();
        for (Trial t : batch) {
          trialRows.add(trialRow(t));
          lossRows.addAll(lossRows(t));
          if (t.status().equals("OK")) {
            for (int steps : STEPS) {
              evalRows.add(evalRow(t, steps));
              sampleRows.addAll(sampleRows(t, steps));
            }
          }
        }
        String folder = run + "/flush-" + flush;
        data.add(() -> save(spark, evalRows, ResultTableSchemas.evals(), root.resolve("evals/" + folder)));
        data.add(() -> save(spark, lossRows, ResultTableSchemas.losses(), root.resolve("losses/" + folder)));
        data.add(() -> save(spark, sampleRows, ResultTableSchemas.samples(), root.resolve("samples/" + folder)));
        trialTables.add(() -> save(spark, trialRows, ResultTableSchemas.trials(), root.resolve("trials/" + folder)));
      }
    }
    // separate folders, so concurrent Spark jobs are safe here; trials last, as a flush commits with them
    data.parallelStream().forEach(Runnable::run);
    trialTables.parallelStream().forEach(Runnable::run);
  }

  /** Nothing is written for an empty batch (a flush whose trials all failed has no samples). */
  private static void save(SparkSession spark, List<Row> rows, StructType schema, Path dir) {
    if (rows.isEmpty()) {
      return;
    }
    spark.createDataFrame(rows, schema).coalesce(1).write().parquet(dir.toString());
  }

  private static Object[] keys(Trial t) {
    return new Object[] {ResultTableSchemas.SCHEMA_VERSION, SWEEP, t.runId(), t.spec().id()};
  }

  private static Row row(Object[] keys, Object... rest) {
    Object[] all = Arrays.copyOf(keys, keys.length + rest.length);
    System.arraycopy(rest, 0, all, keys.length, rest.length);
    return RowFactory.create(all);
  }

  private static Row trialRow(Trial t) {
    TrialSpec s = t.spec();
    boolean ok = t.status().equals("OK");
    int done = ok ? s.iterations() : t.status().equals("FAILED") ? 7 : 140;
    Instant start = Instant.parse("2026-11-27T01:00:00Z").plusSeconds(30L * (s.seed() + t.flush()));
    return row(keys(t),
        s.flow().key(), s.direction().key(), s.target().key(), s.gridSize(), s.scale(), s.width(), s.depth(),
        s.conditioning().key(), s.iterations(), s.batch(), s.lr(), s.rNeqTShare(), s.timeSampling().key(),
        s.logitMu(), s.logitSigma(), s.adaptiveP(), s.adaptiveC(), s.orientation().key(), s.sampler().key(),
        s.jvp().key(), s.seed(), s.device(), s.threads(), s.evalSamples(),
        s.evalSteps(),
        s.lossPoints(), s.keptSamples(),
        s.canonical(), t.status(), t.message(), "cpu", null, done, ok ? finalLoss(t) : null, 1.2,
        ok ? 8.5 : 0.4, ok ? 0.9 : 0.0, ok ? 47.0 : 17.5, Timestamp.from(start),
        Timestamp.from(start.plusSeconds(11)),
        "0123abc", "0.1.0", "0.36.0", "2.7.1", "4.2.0", "17.0.15", "amd64",
        t.runId().equals("run-b") ? "worker-2" : "worker-1", "1", 4242L + s.seed(), 0);
  }

  /** The made-up quality law: cell TV falls with steps; MF is good at 1 step, more so with more r != t pairs. */
  static double cellTv(TrialSpec s, int steps) {
    double tv;
    if (s.flow() == Flow.FM) {
      tv = (s.direction() == Direction.REVERSE ? 0.07 : 0.09) + 0.75 / Math.pow(steps, 0.8);
    } else {
      double oneStep = s.direction() == Direction.REVERSE ? 0.19 : 0.6;
      tv = 0.12 + (oneStep - 0.12) / Math.sqrt(steps) + 0.1 * (1 - s.rNeqTShare());
    }
    return tv + 0.02 * (new Random(s.id().hashCode() * 31L + steps).nextDouble() - 0.5);
  }

  private static double finalLoss(Trial t) {
    TrialSpec s = t.spec();
    double reverse = s.direction() == Direction.REVERSE ? 0.04 : 0;
    return s.flow() == Flow.FM ? 1.05 + reverse + 0.01 * s.seed()
        : 0.45 + 0.3 * s.rNeqTShare() + reverse + 0.02 * s.seed();
  }

  private static Row evalRow(Trial t, int steps) {
    double tv = cellTv(t.spec(), steps);
    boolean board = t.spec().target() == TargetKind.CHECKERBOARD;
    double inSupport = 1 - 0.5 * tv;
    return row(keys(t), steps,
        board ? inSupport : null, board ? tv : null, board ? (double) Math.round(8 * (1 - tv)) : null,
        0.05 * tv, 0.3 * tv, 1.2 * tv, 0.4 * tv, 0.38 * tv, 0.01, 0.02, 0.05 * steps);
  }

  private static List<Row> lossRows(Trial t) {
    List<Row> rows = new ArrayList<>();
    int points = t.status().equals("OK") ? LOSS_POINTS : t.status().equals("DIVERGED") ? 8 : 0;
    Random random = new Random(t.spec().seed());
    for (int i = 0; i < points; i++) {
      int iteration = i * t.spec().iterations() / LOSS_POINTS;
      double loss = t.status().equals("DIVERGED") && i == points - 1 ? Double.NaN
          : finalLoss(t) * (1 + 1.5 * Math.exp(-i / 3.0)) * (1 + 0.03 * random.nextGaussian());
      rows.add(row(keys(t), iteration, loss));
    }
    return rows;
  }

  /** Points inside occupied checkerboard cells with probability in-support, else Gaussian noise. */
  private static List<Row> sampleRows(Trial t, int steps) {
    TrialSpec s = t.spec();
    double inSupport = 1 - 0.5 * cellTv(s, steps);
    Random random = new Random(s.id().hashCode() + 7L * steps);
    List<Row> rows = new ArrayList<>();
    double w = 2 * s.scale() / s.gridSize();
    for (int i = 0; i < POINTS; i++) {
      double x;
      double y;
      if (s.target() == TargetKind.TWO_MOONS) {
        double a = Math.PI * random.nextDouble();
        boolean upper = random.nextBoolean();
        x = upper ? Math.cos(a) : 1 - Math.cos(a);
        y = (upper ? Math.sin(a) : 0.5 - Math.sin(a)) + 0.3 * (1 - inSupport) * random.nextGaussian();
      } else if (random.nextDouble() < inSupport) {
        int cell = random.nextInt(s.gridSize() * s.gridSize() / 2);
        int j = cell / (s.gridSize() / 2);
        int i0 = 2 * (cell % (s.gridSize() / 2)) + (j % 2);
        x = -s.scale() + (i0 + random.nextDouble()) * w;
        y = -s.scale() + (j + random.nextDouble()) * w;
      } else {
        x = 1.3 * random.nextGaussian();
        y = 1.3 * random.nextGaussian();
      }
      rows.add(row(keys(t), steps, i, (float) x, (float) y));
    }
    return rows;
  }
}
