package dev.meanflow.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.TestSpark;
import dev.meanflow.jobs.config.SweepConfigParser;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.search.CellFate;
import dev.meanflow.jobs.search.CheckpointFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny real halving search (the core runner, checkpoints on disk) stopped part-way and resumed: every rung lands
 * once, a promoted rung continues from the checkpoint of the rung below, the search ends as halving says, and no
 * checkpoint is left behind.
 */
class HalvingSweepTest {
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

  private static SweepDefinition sweep() {
    SweepConfigParser.Result r = SweepConfigParser.parse("""
        sweep { name = halving, fuse = 2 }
        search { kind = halving, eta = 3, rungs = [10, 30], seeds = alone }
        grid { flow = mf, lr = [1e-3, 3e-3, 1e-2], seed = [0, 1, 2], iterations = 60, batch = 64, width = 16,
          depth = 2, eval-steps = [1, 2], eval-samples = 300, kept-samples = 10, loss-points = 10,
          truth-samples = 64 }
        """, "halving", "halving");
    assertTrue(r.ok(), r.messages()::toString);
    return r.definition();
  }

  @Test
  void aHalvingSearchStoppedPartWayResumesAndEndsWithOneFinalist() throws Exception {
    String root = tmp.resolve("out").toString();
    SweepDefinition sweep = sweep();
    SweepRunner.Outcome first = SweepRunner.run(spark, sweep,
        new SweepRunner.Options(root, 5, TrialFunction.CORE), QUIET);
    assertEquals(5, first.ran());
    assertFalse(first.search().finished());
    assertTrue(Files.isDirectory(Path.of(root, CheckpointFiles.DIRECTORY)), "rung checkpoints kept to go on");

    SweepRunner.Outcome resumed = SweepRunner.run(spark, sweep,
        new SweepRunner.Options(root, 0, TrialFunction.CORE), QUIET);
    assertEquals(5, resumed.alreadyDone());
    assertTrue(resumed.search().finished(), resumed.search().render());
    assertEquals(9 + 3 + 1, first.ran() + resumed.ran(), "9 cells at rung 0, 3 at rung 1, 1 at rung 2, each once");
    List<CellFate> fates = resumed.search().fates();
    assertEquals(1, fates.stream().filter(f -> f.reason() == CellFate.Reason.COMPLETED).count());
    assertEquals(9 * 10 + 3 * 20 + 30, resumed.search().spentIterations());
    assertEquals(9 * 60, resumed.search().gridIterations());
    assertFalse(Files.exists(Path.of(root, CheckpointFiles.DIRECTORY)), "checkpoints removed once spent");

    List<Row> rungs = spark.read().format("delta").load(root + "/trials")
        .selectExpr("rung", "resumed_from", "iterations", "iterations_done", "status").collectAsList();
    assertEquals(13, rungs.size());
    for (Row r : rungs) {
      assertEquals("OK", r.getString(4));
      int rung = r.getInt(0);
      int expectedFrom = rung == 0 ? 0 : rung == 1 ? 10 : 30;
      assertEquals(expectedFrom, r.getInt(1), "rung " + rung + " continues from the rung below");
      assertEquals(r.getInt(2), r.getInt(3));
    }
    long evalRungs = spark.read().format("delta").load(root + "/evals").where("rung IS NULL").count();
    assertEquals(0, evalRungs, "every evals row carries its rung");
    assertNotNull(resumed.search().render());
  }
}
