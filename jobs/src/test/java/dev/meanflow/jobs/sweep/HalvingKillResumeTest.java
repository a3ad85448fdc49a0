package dev.meanflow.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.TestSpark;
import dev.meanflow.jobs.config.SweepConfigParser;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.search.CellFate;
import dev.meanflow.jobs.search.CheckpointFiles;
import dev.meanflow.jobs.store.ResultTables;
import dev.meanflow.jobs.tables.Schemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real halving search (9 cells, rungs of 66, 200 and 600 iterations, fused two to a task) killed with SIGKILL
 * mid-search, possibly between a rung's checkpoint and its landing, then resumed: the search ends where an
 * uninterrupted one would, every rung lands exactly once, and no rung is trained again past the checkpoint it left.
 */
class HalvingKillResumeTest {
  private static final String CONF = """
      sweep { name = killed-halving, max-parallel = 1, fuse = 2 }
      search { kind = halving, eta = 3, rungs = [66, 200], seeds = alone }
      grid {
        flow = mf
        lr = [1e-3, 3e-3, 1e-2]
        seed = [0, 1, 2]
        direction = reverse
        iterations = 600
        batch = 256
        width = 16
        depth = 2
        eval-steps = [1, 2]
        eval-samples = 300
        kept-samples = 10
        loss-points = 5
      }
      """;
  private static final int UNITS = 9 + 3 + 1;

  @TempDir Path tmp;

  @Test
  void aKilledSearchResumesWhereItWasWithEveryRungOnce() throws Exception {
    Path root = tmp.resolve("out");
    int landed = SweepProcess.killAfter(tmp, CONF, "killed-halving", root, 4);
    assertTrue(landed >= 4 && landed < UNITS, "killed part-way: " + landed + " rung trials landed");
    Set<String> checkpointsLeft = checkpoints(root);

    SweepDefinition definition = SweepConfigParser.parse(CONF, "killed-halving", "killed-halving").definition();
    SparkSession spark = TestSpark.start();
    try {
      SweepRunner.Outcome resumed = SweepRunner.run(spark, definition,
          new SweepRunner.Options(root.toString(), 0, TrialFunction.CORE), new PrintStream(new ByteArrayOutputStream()));
      assertEquals(landed, resumed.alreadyDone(), "the landed rungs rebuild the search");
      assertEquals(UNITS - landed, resumed.ran(), "only the rungs that had not landed run");
      assertTrue(resumed.search().finished(), resumed.search().render());
      List<CellFate> fates = resumed.search().fates();
      assertEquals(1, fates.stream().filter(f -> f.reason() == CellFate.Reason.COMPLETED).count());
      assertEquals(9 * 66 + 3 * 134 + 400, resumed.search().spentIterations(), "synchronous halving's work");
      assertFalse(Files.exists(root.resolve(CheckpointFiles.DIRECTORY)), "checkpoints removed once spent");

      Dataset<Row> trials = ResultTables.read(spark, root.toString(), Schemas.TRIALS);
      List<Row> rows = trials.selectExpr("trial_id", "rung", "resumed_from", "iterations", "status", "run_id",
          "search_cell").collectAsList();
      assertEquals(UNITS, rows.size(), "one trials row per rung trial");
      assertEquals(UNITS, rows.stream().map(r -> r.getString(0)).distinct().count());
      Map<Integer, Long> perRung = rows.stream().collect(Collectors.groupingBy(r -> r.getInt(1),
          Collectors.counting()));
      assertEquals(Map.of(0, 9L, 1, 3L, 2, 1L), perRung);
      String resumedRun = resumed.runId();
      for (Row r : rows) {
        assertEquals("OK", r.getString(4));
        int rung = r.getInt(1);
        int below = rung == 0 ? 0 : rung == 1 ? 66 : 200;
        int from = r.getInt(2);
        boolean trainedBeforeKill = checkpointsLeft.contains(r.getString(6) + "/" + r.getInt(3));
        if (r.getString(5).equals(resumedRun) && trainedBeforeKill) {
          // trained by the killed run, which never landed it: evaluated from its own checkpoint, not trained again
          assertEquals(r.getInt(3), from, "rung " + rung + " of " + r.getString(0) + " was trained twice");
        } else {
          assertEquals(below, from, "rung " + rung + " of " + r.getString(0) + " continues from the rung below");
        }
      }
      TableAssertions.assertNoOrphans(spark, root.toString(), "killed-halving");
      assertEquals(UNITS * 2L, ResultTables.read(spark, root.toString(), Schemas.EVALS)
          .where(col("rung").isNotNull()).count(), "two step counts per rung trial, each once");
    } finally {
      spark.stop();
    }
  }

  /** "cell/budget" of every checkpoint under the root. */
  private static Set<String> checkpoints(Path root) throws java.io.IOException {
    Path folder = root.resolve(CheckpointFiles.DIRECTORY).resolve("killed-halving");
    if (!Files.isDirectory(folder)) {
      return Set.of();
    }
    try (var files = Files.walk(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".ckpt"))
          .map(f -> f.getParent().getFileName() + "/" + f.getFileName().toString().replace(".ckpt", ""))
          .collect(Collectors.toSet());
    }
  }
}
