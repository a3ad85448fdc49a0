package dev.meanflow.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.Main;
import dev.meanflow.jobs.TestSpark;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.tables.Schemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code meanflow verify} finds a removed and a duplicated row set; the next run repairs both; compact keeps all. */
class VerifyAndCompactTest {
  private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
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

  private record Run(int code, String out) {}

  private static Run meanflow(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), QUIET);
    return new Run(code, out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void verifyReportsRemovedAndDuplicatedRowSetsAndTheNextRunRepairsThem() throws Exception {
    String root = tmp.resolve("out").toString();
    SweepDefinition sweep = SweepHarnessTest.sweep("vc", "flow = [fm, mf], seed = [0, 1]");
    SweepRunner.run(spark, sweep, new SweepRunner.Options(root, 0, SyntheticTrials::run), QUIET);
    Run clean = meanflow("verify", root);
    assertEquals(0, clean.code(), clean.out());
    assertTrue(clean.out().contains("4 landed trial(s), 0 with missing or duplicated rows"), clean.out());

    String removed = sweep.trials().get(0).id();
    String doubled = sweep.trials().get(1).id();
    DeltaStore store = DeltaStore.open(root);
    spark.sql("DELETE FROM delta.`" + store.location(Schemas.EVALS) + "` WHERE trial_id = '" + removed + "'");
    spark.sql("INSERT INTO delta.`" + store.location(Schemas.LOSSES) + "` SELECT * FROM delta.`"
        + store.location(Schemas.LOSSES) + "` WHERE trial_id = '" + doubled + "'");
    Run damaged = meanflow("verify", root);
    assertEquals(1, damaged.code(), damaged.out());
    assertTrue(damaged.out().contains("vc / " + removed + ": evals missing 3 of 3 row(s)"), damaged.out());
    assertTrue(damaged.out().contains("vc / " + doubled + ": losses duplicated 10 of 10 row(s)"), damaged.out());

    SweepRunner.Outcome repair = SweepRunner.run(spark, sweep, new SweepRunner.Options(root, 0, SyntheticTrials::run),
        QUIET);
    assertEquals(2, repair.repaired());
    assertEquals(2, repair.ran());
    assertEquals(0, meanflow("verify", root).code());
    TableAssertions.assertExactlyOnce(spark, root, sweep);
  }

  @Test
  void compactLeavesOneFilePerTableAndEveryRow() throws Exception {
    String root = tmp.resolve("out").toString();
    SweepDefinition sweep = SweepHarnessTest.sweep("vc", "flow = [fm, mf], seed = [0, 1, 2]");
    SweepRunner.run(spark, sweep, new SweepRunner.Options(root, 0, SyntheticTrials::run), QUIET);
    DeltaStore store = DeltaStore.open(root);
    assertEquals(6, store.activeFiles(Schemas.TRIALS), "one file per landing");
    Run compact = meanflow("compact", root);
    assertEquals(0, compact.code(), compact.out());
    for (String table : Schemas.TABLES) {
      assertEquals(1, store.activeFiles(table), table + ": " + compact.out());
    }
    assertEquals(0, meanflow("verify", root).code());
    TableAssertions.assertExactlyOnce(spark, root, sweep);
  }
}
