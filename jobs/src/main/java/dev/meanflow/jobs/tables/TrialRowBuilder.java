package dev.meanflow.jobs.tables;

import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialIdentity;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.LossPoint;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TruthErrors;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * Turns one {@link TrialResult} into its rows of the four tables, every value put under its column by name. A pure
 * function of its inputs.
 */
public final class TrialRowBuilder {
  private TrialRowBuilder() {}

  /** @param attemptId the attempt of the run at the trial: every row carries it */
  public static TrialRows rows(TrialResult result, RunContext run, String attemptId, ExecutorInfo where,
      Instant started, Instant finished) {
    return rows(result, run, attemptId, where, FusionPlace.alone(attemptId), started, finished);
  }

  /** As above, for a member of a fused group. */
  public static TrialRows rows(TrialResult result, RunContext run, String attemptId, ExecutorInfo where,
      FusionPlace fusion, Instant started, Instant finished) {
    return rows(result, run, attemptId, where, fusion, RungPlace.NONE, started, finished);
  }

  /** As above, for a rung of a halving search. */
  public static TrialRows rows(TrialResult result, RunContext run, String attemptId, ExecutorInfo where,
      FusionPlace fusion, RungPlace rung, Instant started, Instant finished) {
    Key key = new Key(run, attemptId, result.trialId(), rung);
    ArrayList<Row> evals = evals(result, key, Schemas.EVALS_SCHEMA);
    ArrayList<Row> losses = losses(result, key);
    ArrayList<Row> samples = samples(result, key);
    Row trial = trial(result, key, where, fusion, started, finished, evals.size(), losses.size(), samples.size());
    // a fused group trains its members at once: each carries its share, so the driver's sums count a group once
    return new TrialRows(result.trialId(), result.status(), result.setupSeconds() / fusion.size(),
        result.trainSeconds() / fusion.size(),
        result.evalSeconds(), finished, trial, evals, losses, samples);
  }

  /** What every row of one attempt at a trial starts with. */
  record Key(RunContext run, String attemptId, String trialId, RungPlace rung) {}

  private static Row trial(TrialResult r, Key key, ExecutorInfo where, FusionPlace fusion, Instant started,
      Instant finished,
      int evals, int losses, int samples) {
    TrialSpec spec = r.spec();
    NamedRow row = key(Schemas.TRIALS_SCHEMA, key).put("id_version", TrialIdentity.VERSION)
        .put(Schemas.rowCountColumn(Schemas.EVALS), evals)
        .put(Schemas.rowCountColumn(Schemas.LOSSES), losses)
        .put(Schemas.rowCountColumn(Schemas.SAMPLES), samples);
    for (Knob<?> knob : Knobs.REGISTRY.knobs()) {
      row.put(KnobColumns.column(knob), KnobColumns.toColumn(knob, spec.get(knob)));
    }
    for (int i = 0; i < TruthErrors.FD_STEPS.size(); i++) {
      row.put(Schemas.finiteDifferenceColumn(TruthErrors.FD_STEPS.get(i)),
          orNull(r.truth().dudtFiniteDifference().get(i)));
    }
    return row
        .put("spec", spec.canonical())
        .put("status", r.status().name())
        .put("message", r.message())
        .put("device", r.device())
        .put("gpu_address", where.gpuAddress())
        .put("iterations_done", r.iterationsDone())
        .put("final_loss", orNull(r.finalLoss()))
        .put("setup_seconds", orNull(r.setupSeconds()))
        .put("train_seconds", orNull(r.trainSeconds()))
        .put("eval_seconds", orNull(r.evalSeconds()))
        .put("iterations_per_second", orNull(r.iterationsPerSecond()))
        .put("truth_error", orNull(r.truth().field()))
        .put("truth_scale", orNull(r.truth().fieldScale()))
        .put("dudt_error_jvp", orNull(r.truth().dudtJvp()))
        .put("dudt_scale", orNull(r.truth().dudtScale()))
        .put("first_nonfinite_iteration",
            r.health().firstNonFiniteIteration() < 0 ? null : r.health().firstNonFiniteIteration())
        .put("loss_spikes", r.health().lossSpikes())
        .put("max_grad_norm", orNull(r.health().maxGradNorm()))
        .put("started_at", started == null ? null : Timestamp.from(started))
        .put("finished_at", finished == null ? null : Timestamp.from(finished))
        .put("git_commit", key.run().gitCommit())
        .put("project_version", key.run().projectVersion())
        .put("djl_version", key.run().djlVersion())
        .put("libtorch_version", key.run().libtorchVersion())
        .put("spark_version", key.run().sparkVersion())
        .put("java_version", where.javaVersion())
        .put("os_arch", where.osArch())
        .put("host", where.host())
        .put("executor_id", where.executorId())
        .put("pid", where.pid())
        .put("task_attempt", where.taskAttempt())
        .put("fusion_group", fusion.groupId())
        .put("fusion_size", fusion.size())
        .put("fusion_position", fusion.position())
        .put("search_cell", key.rung().cellId())
        .put("rung", key.rung().rung())
        .put("rungs", key.rung().rungs())
        .put("resumed_from", key.rung().resumedFrom())
        .put("cell_iterations", key.rung().cellIterations())
        .put("search_metric", key.rung().metric())
        .put("search_steps", key.rung().steps())
        .build();
  }

  /** One row per step count in {@code schema}, whatever the order of its metric columns. */
  static ArrayList<Row> evals(TrialResult r, Key key, StructType schema) {
    ArrayList<Row> rows = new ArrayList<>();
    for (StepEvaluation e : r.evaluations()) {
      NamedRow row = key(schema, key).put("rung", key.rung().rung()).put("steps", e.steps());
      for (Metric metric : Metric.values()) {
        row.put(metric.column(), orNull(e.quality().get(metric)));
        row.put(Schemas.oracleColumn(metric), orNull(e.oracle().get(metric)));
      }
      rows.add(row.put("eval_seconds", orNull(e.seconds())).build());
    }
    return rows;
  }

  private static ArrayList<Row> losses(TrialResult r, Key key) {
    ArrayList<Row> rows = new ArrayList<>();
    for (LossPoint p : r.losses()) {
      rows.add(key(Schemas.LOSSES_SCHEMA, key).put("rung", key.rung().rung()).put("iteration", p.iteration())
          .put("loss", p.loss())
          .build());
    }
    return rows;
  }

  private static ArrayList<Row> samples(TrialResult r, Key key) {
    ArrayList<Row> rows = new ArrayList<>();
    for (StepEvaluation e : r.evaluations()) {
      Points kept = e.kept();
      int n = kept == null ? 0 : Math.min(kept.size(), r.spec().get(Knobs.KEPT_SAMPLES));
      for (int i = 0; i < n; i++) {
        rows.add(key(Schemas.SAMPLES_SCHEMA, key).put("steps", e.steps()).put("idx", i)
            .put("x", (float) kept.x(i)).put("y", (float) kept.y(i)).build());
      }
    }
    return rows;
  }

  private static NamedRow key(StructType schema, Key key) {
    return new NamedRow(schema)
        .put("schema_version", Schemas.VERSION)
        .put("sweep", key.run().sweep())
        .put("run_id", key.run().runId())
        .put("attempt_id", key.attemptId())
        .put("trial_id", key.trialId());
  }

  /** SQL NULL for NaN (a metric that does not apply, or a loss that never existed). */
  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
