package dev.meanflow.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.spec.Knobs;
import dev.meanflow.jobs.Main;
import dev.meanflow.jobs.TestSpark;
import dev.meanflow.jobs.query.Summary;
import dev.meanflow.core.metric.Metric;
import dev.meanflow.jobs.compare.SweepResults;
import dev.meanflow.jobs.config.SweepConfigParser;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.core.spec.TrialIdentity;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.ResultTables;
import dev.meanflow.jobs.store.RunClaims;
import dev.meanflow.jobs.store.TrialLanding;
import dev.meanflow.jobs.store.TrialLedger;
import dev.meanflow.jobs.tables.ExecutorInfo;
import dev.meanflow.jobs.tables.RunContext;
import dev.meanflow.jobs.tables.TrialRowBuilder;
import dev.meanflow.jobs.tables.TrialRows;
import dev.meanflow.jobs.tables.Schemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark side of a sweep with a stand-in trial runner (results in milliseconds): table layout, resume,
 * concurrent sweeps and failing trials. The same paths with the real runner are in {@link SweepLocalModeTest}.
 */
class SweepHarnessTest {
  private static SparkSession spark;
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

  @TempDir Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.start();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  static SweepDefinition sweep(String name, String grid) {
    return sweep(name, "", grid);
  }

  /** @param settings more sweep settings, e.g. {@code fuse = off} */
  static SweepDefinition sweep(String name, String settings, String grid) {
    SweepConfigParser.Result r = SweepConfigParser.parse(
        "sweep { name = " + name + "\n" + settings + " }\n"
            + "grid { iterations = 40, batch = 64, width = 16, eval-samples = 500, kept-samples = 50,"
            + " loss-points = 10, eval-steps = [1, 2, 4] }\n" + "grid { " + grid + " }", name, name);
    assertTrue(r.ok(), r.messages()::toString);
    return r.definition();
  }

  private SweepRunner.Outcome run(SweepDefinition sweep, String root, int maxTrials, TrialFunction f)
      throws InterruptedException {
    return SweepRunner.run(spark, sweep, new SweepRunner.Options(root, maxTrials, f), QUIET);
  }

  @Test
  void tinySweepWritesFourTablesWithSchemaAndProvenance() throws Exception {
    String root = tmp.resolve("out").toString();
    SweepDefinition sweep = sweep("tiny", "flow = [fm, mf], direction = [forward, reverse]");
    SweepRunner.Outcome outcome = run(sweep, root, 0, SyntheticTrials::run);
    assertEquals(4, outcome.ran());
    assertEquals(4, outcome.landingSeconds().size(), "every trial landed on its own");
    TableAssertions.assertExactlyOnce(spark, root, sweep);

    for (String table : Schemas.TABLES) {
      // the Delta table's own schema, as any Delta reader sees it, not the one this project's reader imposes
      List<String> onDisk = Stream.of(spark.read().format("delta").load(tmp.resolve("out").resolve(table).toString())
              .schema().fields())
          .map(f -> f.name() + ":" + f.dataType().simpleString()).toList();
      List<String> declared = Stream.of(Schemas.of(table).fields())
          .map(f -> f.name() + ":" + f.dataType().simpleString()).toList();
      assertEquals(declared, onDisk, table);
    }
    Row trial = ResultTables.read(spark, root, Schemas.TRIALS).where(col("flow").equalTo("mf")
        .and(col("direction").equalTo("forward"))).first();
    assertEquals(Schemas.VERSION, trial.<Integer>getAs("schema_version"));
    assertEquals("tiny", trial.getAs("sweep"));
    assertEquals(outcome.runId(), trial.getAs("run_id"));
    assertEquals("OK", trial.getAs("status"));
    assertEquals("writeup", trial.getAs("sampler"));
    assertEquals(List.of(1, 2, 4), trial.getList(trial.fieldIndex("eval_steps")));
    assertEquals("cpu", trial.getAs("device_requested"));
    assertEquals(1, trial.<Integer>getAs("threads"), "spark.task.cpus");
    List<String> filled = new ArrayList<>(Schemas.versionColumns());
    filled.addAll(List.of("executor_id", "spec", "id_version"));
    for (String c : filled) {
      assertNotNull(trial.getAs(c), c);
    }
    assertEquals(TrialIdentity.VERSION, trial.<Integer>getAs("id_version"));
    assertEquals(spark.version(), trial.getAs("spark_version"));
    assertEquals(ProcessHandle.current().pid(), trial.<Long>getAs("pid"), "local mode runs tasks in this JVM");
    assertEquals("driver", trial.getAs("executor_id"));
    assertEquals(0, trial.<Integer>getAs("task_attempt"));
    assertTrue(trial.<java.sql.Timestamp>getAs("finished_at").compareTo(trial.getAs("started_at")) >= 0);
    // NaN metrics (here: the synthetic ks_x_p) are SQL NULL
    assertEquals(0, ResultTables.read(spark, root, Schemas.EVALS).where(col("ks_x_p").isNotNull()).count());
    assertFalse(Files.exists(tmp.resolve("out").resolve("_runs").resolve(outcome.runId())), "announcement removed");

    // the summary picks, per flow x direction x steps, the lowest cell_tv (one seed: the trial's own value)
    List<Summary.Best> best = Summary.best(SweepResults.load(DeltaStore.open(root), "tiny"), Metric.CELL_TV);
    assertEquals(2 * 2 * 3, best.size());
    for (Summary.Best b : best) {
      Row expected = ResultTables.read(spark, root, Schemas.EVALS).as("e")
          .join(ResultTables.read(spark, root, Schemas.TRIALS).as("t"), "trial_id")
          .where(col("t.flow").equalTo(b.flow()).and(col("t.direction").equalTo(b.direction()))
              .and(col("e.steps").equalTo(b.steps())))
          .selectExpr("min(e.cell_tv)").first();
      assertEquals(expected.getDouble(0), b.mean(), 1e-12, b::toString);
    }

    // sql over the registered views, through the command line entry point (reusing this session)
    ByteArrayOutputStream sqlOut = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"sql", "--output", root,
        "SELECT flow, count(*) AS n FROM evals JOIN trials USING (run_id, trial_id) GROUP BY flow ORDER BY flow"},
        new PrintStream(sqlOut, true, StandardCharsets.UTF_8), QUIET);
    assertEquals(0, code);
    List<String> lines = sqlOut.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(List.of("flow  n", "----  -", "fm    6", "mf    6", "(2 rows)"), lines);
    assertEquals(2, Main.run(new String[] {"sql", "--output", root, "SELECT nope FROM trials"}, QUIET, QUIET));
  }

  @Test
  void resumeAfterAnInterruptedSweepHasNoDuplicatesAndNoGaps() throws Exception {
    String root = tmp.resolve("out").toString();
    SweepDefinition sweep = sweep("resume", "flow = [fm, mf], seed = [0, 1, 2]");
    // the first run stops after 3 trials; its third landing dies between its data commits and its trials commit
    AtomicInteger landings = new AtomicInteger();
    TrialLanding.Observer crashThird = trialId -> {
      if (landings.incrementAndGet() == 3) {
        throw new IllegalStateException("simulated crash before the trials commit");
      }
    };
    SweepRunner.Outcome first = SweepRunner.run(spark, sweep,
        new SweepRunner.Options(root, 3, SyntheticTrials::run, crashThird), QUIET);
    assertEquals(3, first.ran());
    assertEquals(1, first.notLanded());
    assertEquals(1, first.orphansRemoved(), "the run removes its own attempt that never landed");
    assertEquals(2, TableAssertions.count(spark, root, Schemas.TRIALS, "resume"));

    // Rows of an attempt of a live run that is mid-commit (here: this JVM, announced) must be left alone.
    DeltaStore store = DeltaStore.open(root);
    String other = "resume-20200101T000000Z-abcdef";
    try (RunClaims live = RunClaims.announce(store, other)) {
      TrialRows rows = TrialRowBuilder.rows(SyntheticTrials.run(sweep.trials().get(5)),
          RunContext.create("resume", other, spark.version()), other + "/1", ExecutorInfo.UNKNOWN, null,
          java.time.Instant.now());
      assertThrows(IllegalStateException.class, () -> new TrialLanding(store, id -> {
        throw new IllegalStateException("still committing");
      }).land("resume", rows));
      SweepRunner.Outcome second = run(sweep, root, 0, SyntheticTrials::run);
      assertEquals(2, second.alreadyDone());
      assertEquals(4, second.ran());
      assertEquals(0, second.orphansRemoved(), "the live run's rows stay");
      assertEquals(1, TrialLedger.read(store, "resume").orphans().size());
    }
    SweepRunner.Outcome third = run(sweep, root, 0, SyntheticTrials::run);
    assertEquals(0, third.ran(), "nothing left to do");
    assertEquals(1, third.orphansRemoved(), "the other run is gone now: its rows go");
    TableAssertions.assertExactlyOnce(spark, root, sweep);
  }

  @Test
  void twoSweepsWritingUnderTheSameRootAtTheSameTimeBothLandEveryRow() throws Exception {
    String root = tmp.resolve("shared").toString();
    SweepDefinition a = sweep("alpha", "flow = [fm, mf], seed = [0, 1]");
    SweepDefinition b = sweep("beta", "flow = [fm, mf], seed = [10, 11]");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<SweepRunner.Outcome>> runs = new ArrayList<>();
      for (SweepDefinition s : List.of(a, b)) {
        runs.add(pool.submit(() -> run(s, root, 0, SyntheticTrials::run)));
      }
      for (Future<SweepRunner.Outcome> f : runs) {
        assertEquals(4, f.get().landingSeconds().size(), "one landing per trial: many concurrent commits");
      }
    } finally {
      pool.shutdown();
    }
    TableAssertions.assertExactlyOnce(spark, root, a);
    TableAssertions.assertExactlyOnce(spark, root, b);
  }

  @Test
  void failingAndDivergingTrialsAreRowsAndTheSweepCompletes() throws Exception {
    String root = tmp.resolve("out").toString();
    SweepDefinition sweep = sweep("faults", "flow = mf, lr = [3e-3, 1000], seed = [0, 1]");
    TrialFunction seedOneThrows = spec -> {
      if (spec.get(Knobs.SEED) == 1) {
        throw new IllegalStateException("boom");
      }
      return SyntheticTrials.run(spec);
    };
    SweepRunner.Outcome outcome = run(sweep, root, 0, seedOneThrows);
    assertEquals(4, outcome.ran());
    assertEquals(2, outcome.failed());
    assertEquals(1, outcome.diverged());
    List<Row> rows = ResultTables.read(spark, root, Schemas.TRIALS).orderBy("seed", "lr").collectAsList();
    assertEquals(List.of("OK", "DIVERGED", "FAILED", "FAILED"), rows.stream().map(r -> r.<String>getAs("status")).toList());
    assertTrue(rows.get(2).<String>getAs("message").contains("boom"), rows.get(2)::toString);
    assertEquals(0, rows.get(2).<Integer>getAs("iterations_done"));
  }

  @Test
  void tablesWrittenWithVersion1TrialIdsAreResumedNotRerun() throws Exception {
    SweepDefinition sweep = sweep("legacy", "flow = [fm, mf], seed = [0, 1]");
    String current = tmp.resolve("v2").toString();
    run(sweep, current, 0, SyntheticTrials::run);
    // the same rows as a table of trial-id version 1 holds them: old ids, no id_version, schema version 1
    Map<String, String> v1Ids = new HashMap<>();
    sweep.trials().forEach(t -> v1Ids.put(t.id(), TrialIdentity.legacyV1Id(t).orElseThrow()));
    String legacy = tmp.resolve("v1").toString();
    DeltaStore store = DeltaStore.open(legacy);
    store.createMissingTables();
    TrialLanding landing = new TrialLanding(store, TrialLanding.Observer.NONE);
    for (String id : v1Ids.keySet()) {
      Map<String, List<Row>> rows = new HashMap<>();
      for (String table : Schemas.TABLES) {
        rows.put(table, ResultTables.read(spark, current, table).where(col("trial_id").equalTo(id)).collectAsList()
            .stream().map(r -> asVersion1(r, v1Ids.get(id))).toList());
      }
      landing.land("legacy", new TrialRows(v1Ids.get(id), TrialStatus.OK, 0, 0, 0, java.time.Instant.now(),
          rows.get(Schemas.TRIALS).get(0), new ArrayList<>(rows.get(Schemas.EVALS)),
          new ArrayList<>(rows.get(Schemas.LOSSES)), new ArrayList<>(rows.get(Schemas.SAMPLES))));
    }

    List<String> calls = new java.util.concurrent.CopyOnWriteArrayList<>();
    SweepRunner.Outcome again = run(sweep, legacy, 0, spec -> {
      calls.add(spec.id());
      return SyntheticTrials.run(spec);
    });
    assertEquals(0, again.ran(), "a finished sweep of version-1 tables is not rerun");
    assertEquals(sweep.trials().size(), again.alreadyDone());
    assertEquals(sweep.trials().size(), again.doneUnderV1());
    assertEquals(List.of(), calls);
    // and the comparison reads those rows like any other
    assertEquals(2 * 3, Summary.best(SweepResults.load(store, "legacy"), Metric.CELL_TV).size());
  }

  private static Row asVersion1(Row row, String v1Id) {
    Object[] values = new Object[row.size()];
    for (int i = 0; i < values.length; i++) {
      String name = row.schema().fields()[i].name();
      values[i] = name.equals("trial_id") ? v1Id : name.equals("id_version") ? null
          : name.equals("schema_version") ? 1 : row.get(i);
    }
    return RowFactory.create(values);
  }
}
