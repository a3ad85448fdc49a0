package dev.meanflow.jobs.tables;

import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.metric.SampleQuality;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.LossPoint;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.jobs.config.SpecField;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;


/** Turns one {@link TrialResult} into its rows of the four tables. A pure function of its inputs. */
public final class TrialRowBuilder {
  private TrialRowBuilder() {}

  public static TrialRows rows(TrialResult result, RunContext run, ExecutorInfo where, Instant started,
      Instant finished) {
    String id = result.trialId();
    return new TrialRows(id, result.status().name(), result.setupSeconds(), result.trainSeconds(),
        result.evalSeconds(), trial(result, run, where, started, finished),
        evals(result, run), losses(result, run), samples(result, run));
  }

  private static Row trial(TrialResult r, RunContext run, ExecutorInfo where, Instant started, Instant finished) {
    TrialSpec spec = r.spec();
    List<Object> v = key(run, r.trialId());
    for (SpecField<?> f : SpecField.ALL) {
      v.add(f.columnValue(spec));
    }
    v.add(spec.canonical());
    v.add(r.status().name());
    v.add(r.message());
    v.add(r.device());
    v.add(where.gpuAddress());
    v.add(r.iterationsDone());
    v.add(orNull(r.finalLoss()));
    v.add(orNull(r.setupSeconds()));
    v.add(orNull(r.trainSeconds()));
    v.add(orNull(r.evalSeconds()));
    v.add(orNull(r.iterationsPerSecond()));
    v.add(started == null ? null : Timestamp.from(started));
    v.add(finished == null ? null : Timestamp.from(finished));
    v.add(run.gitCommit());
    v.add(run.projectVersion());
    v.add(run.djlVersion());
    v.add(run.libtorchVersion());
    v.add(run.sparkVersion());
    v.add(where.javaVersion());
    v.add(where.osArch());
    v.add(where.host());
    v.add(where.executorId());
    v.add(where.pid());
    v.add(where.taskAttempt());
    return RowFactory.create(v.toArray());
  }

  private static ArrayList<Row> evals(TrialResult r, RunContext run) {
    ArrayList<Row> rows = new ArrayList<>();
    for (StepEvaluation e : r.evaluations()) {
      SampleQuality q = e.quality();
      List<Object> v = key(run, r.trialId());
      v.add(e.steps());
      for (double metric : new double[] {q.inSupport(), q.cellTv(), q.coveredCells(), q.mmd(), q.energy(), q.swd(),
          q.ksX(), q.ksY(), q.ksXPValue(), q.ksYPValue()}) {
        v.add(orNull(metric));
      }
      v.add(orNull(e.seconds()));
      rows.add(RowFactory.create(v.toArray()));
    }
    return rows;
  }

  private static ArrayList<Row> losses(TrialResult r, RunContext run) {
    ArrayList<Row> rows = new ArrayList<>();
    for (LossPoint p : r.losses()) {
      List<Object> v = key(run, r.trialId());
      v.add(p.iteration());
      v.add(p.loss());
      rows.add(RowFactory.create(v.toArray()));
    }
    return rows;
  }

  private static ArrayList<Row> samples(TrialResult r, RunContext run) {
    ArrayList<Row> rows = new ArrayList<>();
    for (StepEvaluation e : r.evaluations()) {
      Points kept = e.kept();
      int n = kept == null ? 0 : Math.min(kept.size(), r.spec().keptSamples());
      for (int i = 0; i < n; i++) {
        List<Object> v = key(run, r.trialId());
        v.add(e.steps());
        v.add(i);
        v.add((float) kept.x(i));
        v.add((float) kept.y(i));
        rows.add(RowFactory.create(v.toArray()));
      }
    }
    return rows;
  }

  private static List<Object> key(RunContext run, String trialId) {
    List<Object> v = new ArrayList<>();
    v.add(Schemas.VERSION);
    v.add(run.sweep());
    v.add(run.runId());
    v.add(trialId);
    return v;
  }

  /** SQL NULL for NaN (a metric that does not apply, or a loss that never existed). */
  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }
}
