package dev.meanflow.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.TestSpark;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.TrialLedger;
import dev.meanflow.jobs.tables.Schemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole drivers in their own JVMs, raced, frozen and killed: two runs of one sweep on one root at once (and one of
 * them frozen with SIGSTOP in the middle of a landing), and SIGKILL during training and during a landing, each
 * resumed. Every trial lands exactly once in every table, and nothing reported landed is lost.
 */
class RunsAtOnceAndKillsTest {
  private static final int TRIALS = 6;
  private static final String MAIN = SlowSweepMain.class.getName();

  @TempDir Path tmp;

  private String root() {
    return tmp.resolve("out").toString();
  }

  /** Attempt id of each landed trial, by trial id. */
  private Map<String, String> landed() {
    DeltaStore store = DeltaStore.open(root());
    return store.scan(Schemas.TRIALS, Schemas.project(Schemas.TRIALS_SCHEMA, "trial_id", "attempt_id"),
        Optional.empty()).stream().collect(Collectors.toMap(r -> r.getString(0), r -> r.getString(1)));
  }

  /** Every trial of the slow sweep once, with all its rows, and no row of an attempt that did not land. */
  private void assertEveryTrialLandedOnce(DriverProcess... drivers) {
    TrialLedger ledger = TrialLedger.read(DeltaStore.open(root()), "slow");
    SweepDefinition sweep = SlowSweepMain.sweep(TRIALS);
    Supplier<String> logs = () -> "damage " + ledger.damage() + ", orphans " + ledger.orphans() + "\n"
        + Stream.of(drivers).map(DriverProcess::log).collect(Collectors.joining("\n"));
    assertEquals(sweep.trials().stream().map(TrialSpec::id).collect(Collectors.toSet()),
        ledger.completeTrialIds("slow"), logs);
    assertEquals(TRIALS, ledger.landedTrials(), "one trials row per trial");
    assertEquals(List.of(), ledger.damage());
    assertEquals(Map.of(), ledger.orphans());
  }

  private SweepRunner.Outcome resumeInProcess() throws InterruptedException {
    SparkSession spark = TestSpark.start();
    try {
      return SweepRunner.run(spark, SlowSweepMain.sweep(TRIALS),
          new SweepRunner.Options(root(), 0, new SlowTrials(0)), new PrintStream(new ByteArrayOutputStream()));
    } finally {
      spark.stop();
    }
  }

  @Test
  void twoRunsOfOneSweepStartedTogetherSplitTheTrialsAndLandEachOnce() throws Exception {
    try (DriverProcess a = DriverProcess.start(tmp.resolve("a.log"), MAIN, root(), "" + TRIALS, "1500", "0");
        DriverProcess b = DriverProcess.start(tmp.resolve("b.log"), MAIN, root(), "" + TRIALS, "1500", "0")) {
      assertEquals(0, a.await(240), a::log);
      assertEquals(0, b.await(240), b::log);
      int ranA = ran(a.log());
      int ranB = ran(b.log());
      assertTrue(ranA + ranB >= TRIALS, a.log() + b.log());
      assertTrue(ranA + ranB < 2 * TRIALS, "claims split the work: " + ranA + " + " + ranB);
      assertEveryTrialLandedOnce(a, b);
    }
  }

  @Test
  void aRunFrozenInTheMiddleOfALandingWhileTheOtherGoesOnBothWorksLandOnce() throws Exception {
    try (DriverProcess a = DriverProcess.start(tmp.resolve("a.log"), MAIN, root(), "" + TRIALS, "3000", "3000")) {
      assertTrue(a.awaitWhileAlive(() -> a.log().contains("mid-commit"), 180), a::log);
      a.signal("STOP"); // frozen between its data commits and its trials commit
      Set<String> before = landed().keySet();
      try (DriverProcess b = DriverProcess.start(tmp.resolve("b.log"), MAIN, root(), "" + TRIALS, "200", "0")) {
        assertEquals(0, b.await(240), b::log);
        assertTrue(ran(b.log()) > 0, b::log);
      }
      a.signal("CONT");
      assertEquals(0, a.await(240), a::log);
      assertTrue(landed().keySet().containsAll(before));
      assertEveryTrialLandedOnce(a);
    }
    Set<String> runs = landed().values().stream().map(id -> id.substring(0, id.lastIndexOf('/')))
        .collect(Collectors.toSet());
    assertEquals(2, runs.size(), "both runs' work is in the tables: " + runs);
  }

  @Test
  void aDriverKilledDuringTrainingLosesOnlyTheTrialsInFlight() throws Exception {
    Map<String, String> before;
    try (DriverProcess a = DriverProcess.start(tmp.resolve("a.log"), MAIN, root(), "" + TRIALS, "2000", "0")) {
      assertTrue(a.awaitWhileAlive(() -> landed().size() >= 2, 180), a::log);
      a.kill();
      before = landed();
    }
    assertTrue(before.size() < TRIALS, "killed part-way: " + before.size());
    SweepRunner.Outcome resumed = resumeInProcess();
    assertEquals(before.size(), resumed.alreadyDone());
    assertEquals(TRIALS - before.size(), resumed.ran());
    assertEveryTrialLandedOnce();
    Map<String, String> after = landed();
    before.forEach((trial, attempt) -> assertEquals(attempt, after.get(trial), "kept as landed: " + trial));
  }

  @Test
  void aDriverKilledInTheMiddleOfALandingLeavesNoTraceAfterResume() throws Exception {
    try (DriverProcess a = DriverProcess.start(tmp.resolve("a.log"), MAIN, root(), "" + TRIALS, "500", "60000")) {
      assertTrue(a.awaitWhileAlive(() -> a.log().contains("mid-commit"), 180), a::log);
      a.kill();
    }
    assertTrue(TrialLedger.read(DeltaStore.open(root()), "slow").orphans().size() >= 1,
        "the killed landing left rows without a trials row");
    SweepRunner.Outcome resumed = resumeInProcess();
    assertTrue(resumed.orphansRemoved() >= 1, "the dead run's rows are removed");
    assertEveryTrialLandedOnce();
  }

  private static int ran(String log) {
    return log.lines().filter(l -> l.startsWith("outcome ")).mapToInt(l -> Integer.parseInt(l.split(" ")[1]))
        .findFirst().orElseThrow(() -> new AssertionError("no outcome line in:\n" + log));
  }

}
