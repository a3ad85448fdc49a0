package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.RunClaims;
import dev.meanflow.jobs.store.TableMaintenance;
import dev.meanflow.jobs.store.TrialLanding;
import dev.meanflow.jobs.store.TrialLedger;
import dev.meanflow.jobs.tables.ExecutorInfo;
import dev.meanflow.jobs.tables.FusionPlace;
import dev.meanflow.jobs.tables.RunContext;
import dev.meanflow.jobs.tables.TrialRowBuilder;
import dev.meanflow.jobs.tables.TrialRows;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import dev.meanflow.jobs.search.SearchOutcome;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The driver side of a sweep. The pending trials are split into fused groups ({@link FusedGroups}); each group's
 * members are claimed and trained as a one-task Spark job from a pool of submitter threads; the moment its job
 * returns, lander threads commit each member's rows through Delta Kernel, with no Spark job: so a finished trial is
 * durable within about a second even while every task slot trains. Maintenance that needs Spark
 * (schema evolution, repair, orphan removal) runs before the first trial starts or after the last one ends.
 */
public final class SweepRunner {
  private SweepRunner() {}

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  /**
   * @param maxTrials run at most this many of the pending trials (0 = all), e.g. to split a long sweep
   * @param observer sees each landing between its data commits and its trials commit (tests freeze or kill there)
   */
  public record Options(String root, int maxTrials, TrialFunction function, TrialLanding.Observer observer) {
    public Options(String root, int maxTrials, TrialFunction function) {
      this(root, maxTrials, function, TrialLanding.Observer.NONE);
    }
  }

  /**
   * What a run did, with its timings for the overhead benchmark.
   *
   * @param heldElsewhere pending trials another live run was training, or landed meanwhile: left to it
   * @param lostRaces trials another run landed while this one trained them: this run's copies were discarded
   * @param notLanded trials whose landing (or claim) failed, e.g. an I/O error: they rerun on resume
   * @param landingSeconds per landed trial, from the end of its training and evaluation to its trials commit
   * @param writeSeconds commit time summed over trials (on lander threads, beside training)
   * @param waitedForWritesSeconds wall time after the last trial's job ended, spent landing what was left
   */
  public record Outcome(String runId, int total, int alreadyDone, int doneUnderV1, int ran, int failed, int diverged,
      int repaired, int heldElsewhere, int lostRaces, int notLanded, int orphansRemoved, List<String> columnsAdded,
      double trialsWallSeconds, List<Double> landingSeconds, double writeSeconds, double waitedForWritesSeconds,
      double setupSeconds,
      double trainSeconds, double evalSeconds, int parallel, SearchOutcome search) {

    Outcome(String runId, int total, int alreadyDone, int doneUnderV1, RunTally t, int repaired, int orphansRemoved,
        List<String> columnsAdded, double trialsWallSeconds, double waitedForWritesSeconds, int parallel,
        SearchOutcome search) {
      this(runId, total, alreadyDone, doneUnderV1, t.ran, t.failed, t.diverged, repaired, t.held, t.lost, t.notLanded,
          orphansRemoved, columnsAdded, trialsWallSeconds, List.copyOf(t.latencies), t.write, waitedForWritesSeconds,
          t.setup, t.train, t.eval, parallel, search);
    }
  }

  /** A new run id: {@code <sweep>-<UTC time>-<6 random hex>}, unique even for runs started in the same second. */
  static String newRunId(String sweep) {
    byte[] random = new byte[3];
    new SecureRandom().nextBytes(random);
    return sweep + "-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP) + "-" + HexFormat.of().formatHex(random);
  }

  /** What one submitter thread did with one trial. */
  record Done(TrialSpec spec, TrialRows rows, TrialLanding.Landing landing, String problem) {}

  /** What every group attempt of one run shares. */
  record Launch(JavaSparkContext jsc, TrialTask task, RunContext context, RunClaims claims, TrialLanding landing,
      String sweep, String runId, AtomicInteger attempts, AtomicInteger groupCount, AtomicInteger running,
      AtomicLong lastJobEnd) {}

  public static Outcome run(SparkSession spark, SweepDefinition sweep, Options options, PrintStream progressOut)
      throws InterruptedException {
    String runId = newRunId(sweep.name());
    DeltaStore store = new DeltaStore(options.root(), spark.sparkContext().hadoopConfiguration());
    store.createMissingTables();
    List<String> columnsAdded = TableMaintenance.evolve(spark, store);
    SweepPlan plan = SweepPlan.of(sweep, TrialLedger.read(store, sweep.name()), options.maxTrials());

    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int taskCpus = spark.sparkContext().getConf().getInt("spark.task.cpus", 1);
    int parallel = sweep.maxParallel() > 0 ? sweep.maxParallel()
        : Math.max(1, spark.sparkContext().defaultParallelism() / taskCpus);
    RunContext context = RunContext.create(sweep.name(), runId, spark.version());
    TrialTask task = new TrialTask(context, options.function());
    TrialLanding landing = new TrialLanding(store, options.observer());

    try (RunClaims claims = RunClaims.announce(store, runId)) {
      Launch launch = new Launch(jsc, task, context, claims, landing, sweep.name(), runId, new AtomicInteger(),
          new AtomicInteger(), new AtomicInteger(), new AtomicLong(System.nanoTime()));
      if (sweep.search().halving()) {
        return HalvingRunner.run(spark, store, sweep, options, launch, parallel, columnsAdded, progressOut);
      }
      List<String> repair = plan.repair().stream().filter(id -> claims.claim(sweep.name(), id)).toList();
      TableMaintenance.deleteTrials(spark, store, sweep.name(), repair);

      // Submitters wait on trial jobs; landers commit. A submitter hands its rows over and takes the next trial
      // at once, so a task slot never idles while a trial lands.
      ExecutorService submitters = Executors.newFixedThreadPool(parallel, daemon("trial-submitter"));
      ExecutorService landers = Executors.newFixedThreadPool(parallel, daemon("trial-lander"));
      CompletionService<Done> completed = new ExecutorCompletionService<>(landers);
      for (List<TrialSpec> group : FusedGroups.of(plan.pending(), sweep.fuse().most(usesGpus(spark)), parallel)) {
        submitters.submit(() -> {
          try {
            for (Callable<Done> member : attempt(group, launch,
                (spec, attemptId) -> new TrialTask.Attempt(spec.canonical(), attemptId))) {
              completed.submit(member);
            }
          } catch (RuntimeException e) {
            // a claim or a check failed (an I/O error): still one result per trial, or the sweep would wait forever
            group.forEach(spec -> completed.submit(() -> new Done(spec, null, null, e.toString())));
          }
        });
      }
      try {
        return collect(sweep, plan, completed, launch.running(), launch.lastJobEnd(), progressOut, parallel, runId,
            columnsAdded,
            repair.size(), () -> removeOrphans(spark, store, claims, sweep.name()));
      } finally {
        submitters.shutdownNow();
        landers.shutdownNow();
      }
    }
  }

  /**
   * Claims the members of one group, trains those it holds as one Spark task, and hands each member to a lander:
   * one callable per member, what the lander returns. Blocks for the group's Spark job; a member another run holds
   * or landed meanwhile is skipped.
   */
  static List<Callable<Done>> attempt(List<TrialSpec> group, Launch launch,
      BiFunction<TrialSpec, String, TrialTask.Attempt> ship) {
    RunClaims claims = launch.claims();
    TrialLanding landing = launch.landing();
    JavaSparkContext jsc = launch.jsc();
    RunContext context = launch.context();
    String runId = launch.runId();
    String sweep = launch.sweep();
    AtomicInteger running = launch.running();
    List<Callable<Done>> results = new ArrayList<>();
    List<TrialSpec> members = new ArrayList<>();
    for (TrialSpec spec : group) {
      if (!claims.claim(sweep, spec.id())) {
        results.add(() -> new Done(spec, null, null, null));
      } else if (landing.hasLanded(sweep, spec.id())) { // another run landed it after this one planned
        claims.release(sweep, spec.id());
        results.add(() -> new Done(spec, null, null, null));
      } else {
        members.add(spec);
      }
    }
    if (members.isEmpty()) {
      return results;
    }
    running.addAndGet(members.size());
    String groupId = runId + "/g" + launch.groupCount().incrementAndGet();
    List<TrialTask.Attempt> shipped = members.stream()
        .map(spec -> ship.apply(spec, runId + "/" + launch.attempts().incrementAndGet()))
        .toList();
    List<TrialRows> rows;
    try {
      jsc.setJobGroup(runId, (members.size() == 1 ? "trial " : "fused trials ")
          + String.join(", ", members.stream().map(TrialSpec::id).toList()), false);
      rows = jsc.parallelize(List.of(new TrialTask.GroupAttempt(groupId, shipped)), 1)
          .map(launch.task()::call).collect().get(0);
    } catch (Exception e) {
      // The job itself failed (its executor died too often, an Error in the task): a row per member, and the
      // sweep goes on. Spark's exceptions are checked ones that javac does not see, hence Exception.
      Instant now = Instant.now();
      rows = new ArrayList<>();
      for (int k = 0; k < members.size(); k++) {
        rows.add(TrialRowBuilder.rows(TrialTask.failed(members.get(k), "Spark job failed: " + e.getMessage()),
            context, shipped.get(k).attemptId(), ExecutorInfo.UNKNOWN,
            new FusionPlace(groupId, members.size(), k), shipped.get(k).rung(), null, now));
      }
    } finally {
      running.addAndGet(-members.size());
      launch.lastJobEnd().accumulateAndGet(System.nanoTime(), Math::max);
    }
    for (int k = 0; k < members.size(); k++) {
      TrialSpec spec = members.get(k);
      TrialRows finished = rows.get(k);
      results.add(() -> {
        try {
          return new Done(spec, finished, landing.land(sweep, finished), null);
        } catch (RuntimeException e) {
          return new Done(spec, finished, null, e.toString());
        } finally {
          claims.release(sweep, spec.id());
        }
      });
    }
    return results;
  }

  static boolean usesGpus(SparkSession spark) {
    return spark.sparkContext().getConf().contains("spark.task.resource.gpu.amount");
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static Outcome collect(SweepDefinition sweep, SweepPlan plan, CompletionService<Done> completed,
      AtomicInteger running, AtomicLong lastJobEnd, PrintStream progressOut, int parallel, String runId,
      List<String> columnsAdded,
      int repaired, java.util.function.IntSupplier cleanup) throws InterruptedException {
    long start = System.nanoTime();
    RunTally tally = new RunTally();
    try (SweepProgress progress = new SweepProgress(sweep.name(), sweep.trials().size(), plan.alreadyDone(),
        progressOut, System.console() != null)) {
      for (int finished = 0; finished < plan.pending().size(); ) {
        Future<Done> next = completed.poll(1, TimeUnit.SECONDS);
        progress.running(running.get());
        if (next == null) {
          continue;
        }
        finished++;
        Done done = get(next);
        if (done.rows() == null) {
          if (done.problem() != null) {
            tally.notLanded++;
            progressOut.println("trial " + done.spec().id() + " was not run (" + done.problem() + "): it runs on resume");
          } else {
            tally.held++;
            progress.heldElsewhere();
          }
          continue;
        }
        TrialRows rows = done.rows();
        tally.trained(rows);
        if (done.landing() == null) {
          tally.notLanded++;
          progressOut.println("trial " + done.spec().id() + " did not land (" + done.problem()
              + "): it reruns on resume");
        } else {
          tally.landed(rows, done.landing());
        }
        progress.finished(rows.status());
      }
    }
    long end = System.nanoTime();
    double wall = (end - start) / 1e9;
    double waited = plan.pending().isEmpty() ? 0 : Math.max(0, end - lastJobEnd.get()) / 1e9;
    int orphans = cleanup.getAsInt();
    return new Outcome(runId, sweep.trials().size(), plan.alreadyDone(), plan.doneUnderV1(), tally, repaired,
        orphans, columnsAdded, wall, waited, parallel, null);
  }

  /** Removes rows of attempts that never landed, of this run or of runs that are gone; returns how many attempts. */
  static int removeOrphans(SparkSession spark, DeltaStore store, RunClaims claims, String sweep) {
    return TableMaintenance.deleteOrphans(spark, store, TrialLedger.read(store, sweep), claims);
  }

  private static Done get(Future<Done> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a trial submitter failed unexpectedly", e.getCause());
    }
  }

}
