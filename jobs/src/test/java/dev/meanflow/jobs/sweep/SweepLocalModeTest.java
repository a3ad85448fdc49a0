package dev.meanflow.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.Main;
import dev.meanflow.jobs.TestSpark;
import dev.meanflow.jobs.store.ResultTables;
import dev.meanflow.jobs.tables.Schemas;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole command on local Spark with the real core trial runner and tiny trials. */
class SweepLocalModeTest {
  private static SparkSession spark;

  @TempDir static Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = TestSpark.start();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static String sweep(String conf, String... extra) throws Exception {
    Path file = tmp.resolve("sweep.conf");
    Files.writeString(file, conf);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] args = new String[3 + extra.length];
    args[0] = "sweep";
    args[1] = file.toString();
    args[2] = "--timings";
    System.arraycopy(extra, 0, args, 3, extra.length);
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    String progress = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, () -> printed + progress);
    // not a terminal: one progress line per finished trial, the last one with every trial done
    assertTrue(progress.lines().anyMatch(l -> l.matches("[a-z-]+: 2/2 trials done \\((OK|DIVERGED), landed\\), running \\d+, "
        + "failed 0, diverged [01], ETA 0:00:00")), progress);
    return printed;
  }

  @Test
  void tinyRealSweepLandsFourTablesAndPrintsTheSummary() throws Exception {
    String root = tmp.resolve("real").toString();
    String printed = sweep("""
        sweep { name = tiny-real }
        grid {
          flow = [fm, mf]
          direction = [reverse]
          iterations = 30
          batch = 128
          width = 16
          depth = 2
          eval-steps = [1, 2]
          eval-samples = 500
          kept-samples = 100
          loss-points = 10
        }
        """, "--output", root);
    assertTrue(printed.contains("sweep tiny-real: 2 trials, 0 done before, 2 run now (0 failed, 0 diverged)"), printed);
    assertTrue(printed.contains("FM vs MF by step count"), printed);
    assertTrue(printed.contains("spark start-up"), printed);

    List<Row> trials = ResultTables.read(spark, root, Schemas.TRIALS).orderBy("flow").collectAsList();
    assertEquals(List.of("fm", "mf"), trials.stream().map(r -> r.<String>getAs("flow")).toList());
    for (Row t : trials) {
      assertEquals("OK", t.getAs("status"), t::toString);
      assertEquals(30, t.<Integer>getAs("iterations_done"));
      assertTrue(t.<Double>getAs("train_seconds") > 0);
      assertTrue(t.<Double>getAs("iterations_per_second") > 0);
      assertNotNull(t.getAs("final_loss"));
      assertEquals("cpu", t.getAs("device"));
      assertNotNull(t.getAs("libtorch_version"));
    }
    assertEquals(4, ResultTables.read(spark, root, Schemas.EVALS).count());
    assertEquals(20, ResultTables.read(spark, root, Schemas.LOSSES).count());
    assertEquals(400, ResultTables.read(spark, root, Schemas.SAMPLES).count());
    Row eval = ResultTables.read(spark, root, Schemas.EVALS).where(col("steps").equalTo(1)).first();
    double inSupport = eval.getAs("in_support");
    assertTrue(inSupport >= 0 && inSupport <= 1, eval::toString);
    assertTrue(eval.<Double>getAs("eval_seconds") > 0);
  }

  @Test
  void anAbsurdLearningRateIsADivergedRowAndTheSweepCompletes() throws Exception {
    String root = tmp.resolve("diverge").toString();
    String printed = sweep("""
        sweep { name = diverge }
        grid {
          flow = mf
          lr = [3e-3, 1e6]
          iterations = 40
          batch = 64
          width = 16
          depth = 4
          eval-steps = [1]
          eval-samples = 200
          kept-samples = 20
          loss-points = 5
        }
        """, "--output", root);
    assertTrue(printed.contains("2 run now (0 failed, 1 diverged)"), printed);
    List<Row> trials = ResultTables.read(spark, root, Schemas.TRIALS).orderBy("lr").collectAsList();
    assertEquals("OK", trials.get(0).getAs("status"));
    assertEquals("DIVERGED", trials.get(1).getAs("status"));
    assertNotNull(trials.get(1).getAs("message"));
  }
}
