package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.TrialIdentity;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.tables.ExecutorInfo;
import dev.meanflow.jobs.tables.OrphanCleaner;
import dev.meanflow.jobs.tables.OutputLayout;
import dev.meanflow.jobs.tables.ResultTables;
import dev.meanflow.jobs.tables.ResultWriter;
import dev.meanflow.jobs.tables.RunContext;
import dev.meanflow.jobs.tables.TrialRowBuilder;
import dev.meanflow.jobs.tables.TrialRows;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The driver side of a sweep: skips trials that already have a row, submits one single-task Spark job per trial
 * from a thread pool (so each trial lands as soon as it ends), and flushes finished trials every few trials or
 * seconds through a {@link ResultWriter}.
 */
public final class SweepRunner {
  private SweepRunner() {}

  /**
   * @param maxTrials run at most this many of the pending trials (0 = all), e.g. to split a long sweep
   */
  public record Options(String root, int maxTrials, TrialFunction function) {}

  /** What a run did, with its timings for the overhead benchmark. */
  public record Outcome(String runId, int total, int alreadyDone, int doneUnderV1, int ran, int failed, int diverged, int flushes,
      List<String> orphansDeleted, double trialsWallSeconds, double writeSeconds, double setupSeconds,
      double trainSeconds, double evalSeconds, int parallel) {}

  public static Outcome run(SparkSession spark, SweepDefinition sweep, Options options, PrintStream progressOut)
      throws InterruptedException {
    String runId = OutputLayout.newRunId(sweep.name());
    OutputLayout layout = new OutputLayout(options.root(), spark.sparkContext().hadoopConfiguration());
    List<String> orphans = OrphanCleaner.clean(layout, sweep.name(), runId);
    Set<String> done = ResultTables.completedTrialIds(spark, options.root(), sweep.name());
    // tables written before trial-id version 2 hold version-1 ids: those trials are done too, never rerun
    Predicate<TrialSpec> isDone = t -> done.contains(t.id())
        || TrialIdentity.legacyV1Id(t).map(done::contains).orElse(false);
    List<TrialSpec> pending = sweep.trials().stream()
        .filter(isDone.negate())
        .limit(options.maxTrials() > 0 ? options.maxTrials() : Long.MAX_VALUE)
        .toList();
    int alreadyDone = (int) sweep.trials().stream().filter(isDone).count();
    int doneUnderV1 = (int) sweep.trials().stream().filter(t -> !done.contains(t.id()) && isDone.test(t)).count();

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int taskCpus = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
    int parallel = sweep.maxParallel() > 0 ? sweep.maxParallel()
        : Math.max(1, spark.sparkContext().defaultParallelism() / taskCpus);
    RunContext context = RunContext.create(sweep.name(), runId, spark.version());
    TrialTask task = new TrialTask(context, options.function());
    ResultWriter writer = new ResultWriter(spark, layout, runId);

    ExecutorService pool = Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "trial-submitter");
      t.setDaemon(true);
      return t;
    });
    CompletionService<TrialRows> completed = new ExecutorCompletionService<>(pool);
    AtomicInteger running = new AtomicInteger();
    for (TrialSpec spec : pending) {
      completed.submit(() -> {
        running.incrementAndGet();
        try {
          jsc.setJobGroup(runId, "trial " + spec.id(), false);
          return jsc.parallelize(List.of(spec.canonical()), 1).map(task::call).collect().get(0);
        } catch (RuntimeException e) {
          // The job itself failed (e.g. its executor died too often): record that, keep the sweep going.
          return TrialRowBuilder.rows(TrialTask.failed(spec, "Spark job failed: " + e.getMessage()), context,
              ExecutorInfo.UNKNOWN, null, Instant.now());
        } finally {
          running.decrementAndGet();
        }
      });
    }

    long start = System.nanoTime();
    long writeNanos = 0;
    int failed = 0;
    int diverged = 0;
    int flushes = 0;
    double setup = 0;
    double train = 0;
    double eval = 0;
    List<TrialRows> buffer = new ArrayList<>();
    long oldestBuffered = 0;
    long flushAfter = TimeUnit.SECONDS.toNanos(sweep.flushSeconds());
    try (SweepProgress progress = new SweepProgress(sweep.name(), sweep.trials().size(), alreadyDone, progressOut,
        System.console() != null)) {
      for (int finished = 0; finished < pending.size(); ) {
        long wait = buffer.isEmpty() ? 1000 : Math.max(1, TimeUnit.NANOSECONDS.toMillis(
            oldestBuffered + flushAfter - System.nanoTime()));
        Future<TrialRows> next = completed.poll(Math.min(wait, 1000), TimeUnit.MILLISECONDS);
        progress.running(running.get());
        if (next != null) {
          TrialRows rows = get(next);
          if (buffer.isEmpty()) {
            oldestBuffered = System.nanoTime();
          }
          buffer.add(rows);
          finished++;
          failed += rows.status() == TrialStatus.FAILED ? 1 : 0;
          diverged += rows.status() == TrialStatus.DIVERGED ? 1 : 0;
          setup += finite(rows.setupSeconds());
          train += finite(rows.trainSeconds());
          eval += finite(rows.evalSeconds());
          progress.finished(rows.status());
        }
        boolean due = !buffer.isEmpty() && System.nanoTime() - oldestBuffered >= flushAfter;
        if (buffer.size() >= sweep.flushTrials() || due || (finished == pending.size() && !buffer.isEmpty())) {
          long t0 = System.nanoTime();
          writer.flush(buffer);
          writeNanos += System.nanoTime() - t0;
          flushes++;
          buffer.clear();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    writer.close();
    double wall = (System.nanoTime() - start) / 1e9;
    return new Outcome(runId, sweep.trials().size(), alreadyDone, doneUnderV1, pending.size(), failed, diverged, flushes, orphans,
        wall, writeNanos / 1e9, setup, train, eval, parallel);
  }

  private static TrialRows get(Future<TrialRows> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a trial submitter failed unexpectedly", e.getCause());
    }
  }

  private static double finite(double seconds) {
    return Double.isFinite(seconds) ? seconds : 0;
  }
}
