package dev.meanflow.jobs.sweep;

import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.FusionKey;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.compare.SweepResults;
import dev.meanflow.jobs.compare.TrialOutcome;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.search.AshaScheduler;
import dev.meanflow.jobs.search.CellFate;
import dev.meanflow.jobs.search.CheckpointFiles;
import dev.meanflow.jobs.search.RungUnit;
import dev.meanflow.jobs.search.Search;
import dev.meanflow.jobs.search.SearchOutcome;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.TableMaintenance;
import dev.meanflow.jobs.store.TrialLedger;
import dev.meanflow.jobs.tables.RungPlace;
import dev.meanflow.jobs.tables.Schemas;
import dev.meanflow.jobs.tables.TrialRows;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The driver of a halving search ({@link AshaScheduler}). Each grid cell trains rung by rung, each rung its own
 * trial (the cell with the rung's budget as its iterations) that lands like any trial, exactly once; a rung above
 * the first continues from the checkpoint of the rung below, which the executor wrote under the output root. A
 * resumed run rebuilds the search from the landed rungs; a rung whose checkpoint was written but whose rows were
 * lost (a kill in between) is evaluated from its checkpoint, not trained again. Units that promote together and
 * share a {@link FusionKey} and a starting iteration train as one fused group.
 */
final class HalvingRunner {
  private HalvingRunner() {}

  /** One finished unit: the landing of its rows, or why there is none. */
  private record Finished(RungUnit unit, SweepRunner.Done done) {}

  static SweepRunner.Outcome run(SparkSession spark, DeltaStore store, SweepDefinition sweep,
      SweepRunner.Options options, SweepRunner.Launch launch, int parallel, List<String> columnsAdded,
      PrintStream progressOut) throws InterruptedException {
    Search search = sweep.search();
    String root = options.root();
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    TrialLedger ledger = TrialLedger.read(store, sweep.name());
    List<String> repair = ledger.damage().stream().map(d -> d.trial().trialId()).distinct()
        .filter(id -> launch.claims().claim(sweep.name(), id)).toList();
    TableMaintenance.deleteTrials(spark, store, sweep.name(), repair);
    AshaScheduler asha = restore(store, sweep, repair.isEmpty() ? ledger : TrialLedger.read(store, sweep.name()));
    int alreadyDone = asha.finishedUnits();
    int most = sweep.fuse().most(SweepRunner.usesGpus(spark));

    ExecutorService submitters = Executors.newFixedThreadPool(parallel, SweepRunner.daemon("rung-submitter"));
    CompletionService<List<Finished>> completed = new ExecutorCompletionService<>(submitters);
    long start = System.nanoTime();
    RunTally tally = new RunTally();
    int launched = 0;
    try (SweepProgress progress = new SweepProgress(sweep.name(), asha.expectedUnits(), alreadyDone, progressOut,
        System.console() != null)) {
      int inFlight = 0;
      while (true) {
        while (inFlight < parallel && (options.maxTrials() == 0 || launched < options.maxTrials())) {
          List<RungUnit> ready = asha.ready();
          if (ready.isEmpty()) {
            break;
          }
          Map<RungUnit, Integer> resume = new HashMap<>();
          int allowed = options.maxTrials() == 0 ? most : Math.min(most, options.maxTrials() - launched);
          List<RungUnit> group = group(ready, allowed, parallel - inFlight, u -> resume.computeIfAbsent(u,
              v -> resumeIteration(v, root, sweep.name(), conf)));
          group.forEach(asha::started);
          launched += group.size();
          inFlight++;
          completed.submit(() -> attempt(group, resume, launch, root, sweep.name(), search));
        }
        if (inFlight == 0) {
          break;
        }
        Future<List<Finished>> next = completed.poll(1, TimeUnit.SECONDS);
        progress.running(launch.running().get());
        if (next == null) {
          continue;
        }
        inFlight--;
        for (Finished f : get(next)) {
          SweepRunner.Done done = f.done();
          if (done.rows() == null || done.landing() == null) {
            asha.abandoned(f.unit());
            if (done.problem() == null) {
              tally.held++;
              progress.heldElsewhere();
            } else {
              tally.notLanded++;
              progressOut.println("trial " + done.spec().id() + " (rung " + f.unit().rung() + ") was not landed ("
                  + done.problem() + "): it runs on resume");
            }
            continue;
          }
          TrialRows rows = done.rows();
          tally.trained(rows);
          tally.landed(rows, done.landing());
          asha.finished(f.unit(), new AshaScheduler.Result(rows.status(), score(rows, search)));
          removeSpentCheckpoints(f.unit(), rows.status(), search, root, sweep.name(), conf);
          progress.finished(rows.status());
        }
      }
    } finally {
      submitters.shutdownNow();
    }
    SearchOutcome outcome = new SearchOutcome(asha.spentIterations(), asha.gridIterations(), asha.fates(),
        asha.fates().stream().noneMatch(f -> f.reason() == CellFate.Reason.PENDING));
    if (outcome.finished() && !search.keepCheckpoints()) {
      CheckpointFiles.deleteSweep(root, sweep.name(), conf); // the stopped cells' last checkpoints
    }
    double wall = (System.nanoTime() - start) / 1e9;
    int orphans = SweepRunner.removeOrphans(spark, store, launch.claims(), sweep.name());
    return new SweepRunner.Outcome(launch.runId(), asha.expectedUnits(), alreadyDone, 0, tally, repair.size(),
        orphans, columnsAdded, wall, 0, parallel, outcome);
  }

  /** The search as the landed rungs left it. */
  private static AshaScheduler restore(DeltaStore store, SweepDefinition sweep, TrialLedger ledger) {
    AshaScheduler asha = new AshaScheduler(sweep.search(), sweep.trials());
    Set<String> complete = ledger.completeTrialIds(sweep.name());
    for (TrialOutcome o : SweepResults.load(store, sweep.name())) {
      if (complete.contains(o.trialId())) {
        asha.unitOf(o.spec()).ifPresent(u -> asha.restore(u, new AshaScheduler.Result(o.status(),
            score(o.evals().get(sweep.search().steps()), sweep.search()))));
      }
    }
    return asha;
  }

  /**
   * The first ready unit and the others that may train with it, best first: the same fusion key and starting
   * iteration, at most {@code most}, and no more than an even share of what is ready over the free slots.
   */
  private static List<RungUnit> group(List<RungUnit> ready, int most, int freeSlots,
      java.util.function.ToIntFunction<RungUnit> resume) {
    RungUnit first = ready.get(0);
    int cap = Math.max(1, Math.min(most, (ready.size() + freeSlots - 1) / freeSlots));
    FusionKey key = FusionKey.of(first.spec());
    int from = resume.applyAsInt(first);
    List<RungUnit> group = new ArrayList<>(List.of(first));
    for (RungUnit u : ready.subList(1, ready.size())) {
      if (group.size() == cap) {
        break;
      }
      if (FusionKey.of(u.spec()).equals(key) && resume.applyAsInt(u) == from) {
        group.add(u);
      }
    }
    return group;
  }

  /**
   * Where a unit continues from: its own budget when its checkpoint is there already (it trained, but its rows never
   * landed), else the rung below's (0: from scratch).
   */
  private static int resumeIteration(RungUnit unit, String root, String sweep, Configuration conf) {
    if (CheckpointFiles.exists(CheckpointFiles.path(root, sweep, unit.cell(), unit.budget()), conf)) {
      return unit.budget();
    }
    return unit.from();
  }

  /** Trains one group on Spark and lands each member; runs on a submitter thread. */
  private static List<Finished> attempt(List<RungUnit> group, Map<RungUnit, Integer> resume,
      SweepRunner.Launch launch, String root, String sweep, Search search) {
    Map<TrialSpec, RungUnit> bySpec = new HashMap<>();
    group.forEach(u -> bySpec.put(u.spec(), u));
    List<Finished> finished = new ArrayList<>();
    try {
      for (Callable<SweepRunner.Done> member : SweepRunner.attempt(group.stream().map(RungUnit::spec).toList(),
          launch, (spec, attemptId) -> {
            RungUnit u = bySpec.get(spec);
            int from = resume.get(u);
            boolean save = !u.last() || search.keepCheckpoints();
            return new TrialTask.Attempt(spec.canonical(), attemptId,
                new RungPlace(u.cell().id(), u.rung(), u.rungs(), from, u.budgets().get(u.rungs() - 1),
                    search.metric().column(), search.steps()),
                from == 0 ? null : CheckpointFiles.path(root, sweep, u.cell(), from),
                save ? CheckpointFiles.path(root, sweep, u.cell(), u.budget()) : null);
          })) {
        SweepRunner.Done done = member.call();
        finished.add(new Finished(bySpec.get(done.spec()), done));
      }
    } catch (Exception e) {
      // a claim or a landing failed (an I/O error): still one result per unit, or the search would wait forever
      group.stream().filter(u -> finished.stream().noneMatch(f -> f.unit().equals(u)))
          .forEach(u -> finished.add(new Finished(u, new SweepRunner.Done(u.spec(), null, null, e.toString()))));
    }
    return finished;
  }

  /** A landed rung no longer needs the checkpoint below it; a cell that went as far as it will needs none. */
  private static void removeSpentCheckpoints(RungUnit unit, TrialStatus status, Search search, String root,
      String sweep, Configuration conf) {
    if (search.keepCheckpoints()) {
      return;
    }
    if (status != TrialStatus.OK || unit.last()) {
      CheckpointFiles.deleteCell(root, sweep, unit.cell(), conf);
    } else if (unit.rung() > 0) {
      CheckpointFiles.deleteBudget(root, sweep, unit.cell(), unit.from(), conf);
    }
  }

  /** The ranking metric at the ranking step count, from a unit's evals rows; NaN when it has none. */
  private static double score(TrialRows rows, Search search) {
    int steps = Schemas.EVALS_SCHEMA.fieldIndex("steps");
    int metric = Schemas.EVALS_SCHEMA.fieldIndex(search.metric().column());
    for (Row r : rows.evals()) {
      if (r.getInt(steps) == search.steps()) {
        return r.isNullAt(metric) ? Double.NaN : r.getDouble(metric);
      }
    }
    return Double.NaN;
  }

  private static double score(MetricValues values, Search search) {
    return values == null ? Double.NaN : values.get(search.metric());
  }

  private static List<Finished> get(Future<List<Finished>> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("a rung submitter failed unexpectedly", e.getCause());
    }
  }
}
