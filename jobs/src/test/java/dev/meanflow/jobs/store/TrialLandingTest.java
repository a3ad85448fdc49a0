package dev.meanflow.jobs.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.LossPoint;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.TestSpark;
import dev.meanflow.jobs.tables.ExecutorInfo;
import dev.meanflow.jobs.tables.RunContext;
import dev.meanflow.jobs.tables.Schemas;
import dev.meanflow.jobs.tables.TrialRowBuilder;
import dev.meanflow.jobs.tables.TrialRows;
import io.delta.kernel.TableManager;
import io.delta.kernel.utils.CloseableIterable;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exactly-once landing through Delta transaction ids, the ledger that audits it, repair and schema evolution. */
class TrialLandingTest {
  private static final String SWEEP = "landing";
  private static SparkSession spark;

  @TempDir Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.start();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** A trial with 2 evals rows, 5 losses rows and 2 x 3 samples rows. */
  static TrialRows rows(long seed, String runId, String attemptId) {
    TrialSpec spec = TrialSpec.builder().with(Knobs.SEED, seed).with(Knobs.EVAL_STEPS, List.of(1, 2))
        .with(Knobs.KEPT_SAMPLES, 3).build();
    List<LossPoint> losses = IntStream.range(0, 5).mapToObj(i -> new LossPoint(i, 1.0 / (i + 1))).toList();
    List<StepEvaluation> evals = new ArrayList<>();
    for (int steps : List.of(1, 2)) {
      Map<Metric, Double> values = new EnumMap<>(Metric.class);
      for (Metric m : Metric.values()) {
        values.put(m, seed + steps / 10.0);
      }
      evals.add(new StepEvaluation(steps, new MetricValues(values), 0.1, new Points(new float[] {1, 2, 3, 4, 5, 6})));
    }
    TrialResult result = new TrialResult(spec, TrialStatus.OK, null, "cpu", 10, 0.5, 0.1, 1, 0.1, 10, losses, evals);
    return TrialRowBuilder.rows(result, new RunContext(SWEEP, runId, "abc", "0.1.0", "0.36.0", "2.7.1", "4.1.1"),
        attemptId, ExecutorInfo.UNKNOWN, Instant.now(), Instant.now());
  }

  private DeltaStore store() {
    DeltaStore store = new DeltaStore(tmp.resolve("out").toString(), spark.sparkContext().hadoopConfiguration());
    store.createMissingTables();
    return store;
  }

  private static long count(DeltaStore store, String table) {
    return store.scan(table, Schemas.project(Schemas.of(table), "trial_id"), Optional.empty()).size();
  }

  @Test
  void aTrialLandsOnceAndASecondAttemptWritesNothing() {
    DeltaStore store = store();
    TrialLanding landing = new TrialLanding(store, TrialLanding.Observer.NONE);
    TrialRows first = rows(1, "run-a", "run-a/1");
    assertEquals(TrialLanding.Result.LANDED, landing.land(SWEEP, first).result());
    assertEquals(TrialLanding.Result.ALREADY_LANDED, landing.land(SWEEP, rows(1, "run-b", "run-b/1")).result());
    assertEquals(List.of(1L, 2L, 5L, 6L), Schemas.TABLES.stream().map(t -> count(store, t)).toList());
    TrialLedger ledger = TrialLedger.read(store, SWEEP);
    assertEquals(java.util.Set.of(first.trialId()), ledger.completeTrialIds(SWEEP));
    assertEquals(List.of(), ledger.damage());
    assertEquals(Map.of(), ledger.orphans());

    // what a landing costs on this machine, for the README's figures (not asserted: a timed unit test lies)
    long t0 = System.nanoTime();
    for (int seed = 10; seed < 20; seed++) {
      landing.land(SWEEP, rows(seed, "run-a", "run-a/" + seed));
    }
    System.out.printf("landing: %.0f ms per trial (4 commits), sequential, 10 trials%n",
        (System.nanoTime() - t0) / 1e6 / 10);
  }

  @Test
  void attemptsRacingForOneTrialLandItOnceAndTheLosersRowsAreOrphans() throws Exception {
    DeltaStore store = store();
    TrialLanding landing = new TrialLanding(store, TrialLanding.Observer.NONE);
    int racers = 4;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    List<Future<TrialLanding.Landing>> results = new ArrayList<>();
    try {
      for (int i = 0; i < racers; i++) {
        String run = "run-" + i;
        Callable<TrialLanding.Landing> land = () -> landing.land(SWEEP, rows(7, run, run + "/1"));
        results.add(pool.submit(land));
      }
      List<TrialLanding.Result> outcomes = new ArrayList<>();
      for (Future<TrialLanding.Landing> f : results) {
        outcomes.add(f.get().result());
      }
      assertEquals(1, outcomes.stream().filter(r -> r == TrialLanding.Result.LANDED).count(), outcomes::toString);
      TrialLedger ledger = TrialLedger.read(store, SWEEP);
      assertEquals(1, ledger.completeTrialIds(SWEEP).size());
      assertEquals(List.of(), ledger.damage(), "the winner's rows are complete, whatever the losers wrote");
      assertEquals(outcomes.stream().filter(r -> r == TrialLanding.Result.LOST_RACE).count(), ledger.orphans().size());
      // readers see one row set; removing the orphans leaves the tables exactly one row set
      assertEquals(2, ResultTables.read(spark, store.root().toString(), Schemas.EVALS).count());
      TableMaintenance.deleteOrphans(spark, store, ledger, RunClaims.observe(store)); // the racers are gone
      assertEquals(List.of(1L, 2L, 5L, 6L), Schemas.TABLES.stream().map(t -> count(store, t)).toList());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void orphanRemovalFromALedgerReadMidLandingSparesTheRowsOnceTheyLanded() {
    DeltaStore store = store();
    // the ledger is read between the landing's data commits and its trials commit, as a run ending beside another
    // run's last landing reads it; by the time it deletes, that other run has landed and ended
    AtomicReference<TrialLedger> midLanding = new AtomicReference<>();
    TrialLanding landing = new TrialLanding(store, trialId -> midLanding.set(TrialLedger.read(store, SWEEP)));
    assertEquals(TrialLanding.Result.LANDED, landing.land(SWEEP, rows(3, "run-ended", "run-ended/1")).result());
    assertEquals(1, midLanding.get().orphans().size(), "mid-landing, its rows had no trials row yet");

    assertEquals(0, TableMaintenance.deleteOrphans(spark, store, midLanding.get(), RunClaims.observe(store)));
    TrialLedger after = TrialLedger.read(store, SWEEP);
    assertEquals(List.of(), after.damage());
    assertEquals(1, after.completeTrialIds(SWEEP).size());
  }

  @Test
  void removedAndDuplicatedRowsAreDamageAndATrialRelandsAfterRepair() {
    DeltaStore store = store();
    TrialLanding landing = new TrialLanding(store, TrialLanding.Observer.NONE);
    TrialRows a = rows(1, "run-a", "run-a/1");
    TrialRows b = rows(2, "run-a", "run-a/2");
    landing.land(SWEEP, a);
    landing.land(SWEEP, b);
    spark.sql("DELETE FROM delta.`" + store.location(Schemas.EVALS) + "` WHERE trial_id = '" + a.trialId() + "'");
    store.append(Schemas.LOSSES, b.losses()); // the same rows once more, as a careless INSERT would add them
    List<TrialLedger.Damage> damage = TrialLedger.read(store, SWEEP).damage();
    assertEquals(List.of(new TrialLedger.Damage(new TrialLedger.TrialKey(SWEEP, a.trialId()), Schemas.EVALS, 2, 0),
        new TrialLedger.Damage(new TrialLedger.TrialKey(SWEEP, b.trialId()), Schemas.LOSSES, 5, 10)),
        damage.stream().sorted(java.util.Comparator.comparing(d -> d.trial().trialId().equals(a.trialId()) ? 0 : 1))
            .toList());
    assertEquals(java.util.Set.of(), TrialLedger.read(store, SWEEP).completeTrialIds(SWEEP));

    TableMaintenance.deleteTrials(spark, store, SWEEP, List.of(a.trialId(), b.trialId()));
    assertEquals(0, TrialLedger.read(store, SWEEP).landedTrials());
    // the trials' first transaction-id versions are on record: the new landings take the next ones
    assertEquals(TrialLanding.Result.LANDED, landing.land(SWEEP, rows(1, "run-b", "run-b/1")).result());
    assertEquals(TrialLanding.Result.LANDED, landing.land(SWEEP, rows(2, "run-b", "run-b/2")).result());
    TrialLedger after = TrialLedger.read(store, SWEEP);
    assertEquals(2, after.completeTrialIds(SWEEP).size());
    assertEquals(List.of(), after.damage());
  }

  @Test
  void columnsANewVersionAddsAreAddedToOlderTablesWhoseRowsReadThemAsNull() {
    DeltaStore store = new DeltaStore(tmp.resolve("old").toString(), spark.sparkContext().hadoopConfiguration());
    // an evals table of an older version: no eval_seconds column
    StructType older = new StructType();
    for (StructField f : Schemas.EVALS_SCHEMA.fields()) {
      if (!f.name().equals("eval_seconds")) {
        older = older.add(f);
      }
    }
    TableManager.buildCreateTableTransaction(store.location(Schemas.EVALS), KernelRows.kernelSchema(older),
        DeltaStore.ENGINE_INFO).build(store.engine()).commit(store.engine(), CloseableIterable.emptyIterable());
    TrialRows old = rows(1, "run-a", "run-a/1");
    store.append(Schemas.EVALS, old.evals());
    store.createMissingTables();

    assertEquals(List.of("evals.eval_seconds"), TableMaintenance.evolve(spark, store));
    assertEquals(List.of(), TableMaintenance.evolve(spark, store), "nothing left to add");
    new TrialLanding(store, TrialLanding.Observer.NONE).land(SWEEP, rows(2, "run-a", "run-a/2"));
    List<Row> evals = store.scan(Schemas.EVALS, Schemas.project(Schemas.EVALS_SCHEMA, "trial_id", "eval_seconds"),
        Optional.empty());
    assertEquals(4, evals.size());
    assertEquals(2, evals.stream().filter(r -> r.isNullAt(1)).count(), "the older rows");
    assertTrue(evals.stream().filter(r -> !r.isNullAt(1)).allMatch(r -> r.getDouble(1) == 0.1));
  }
}
