package dev.meanflow.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.TestSpark;
import dev.meanflow.jobs.config.SweepConfigParser;
import dev.meanflow.jobs.config.SweepDefinition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real sweep process (the core trial runner, trials fused two to a task) killed with SIGKILL after some trials
 * landed (possibly in the middle of a landing, or between two members of one group), then resumed: every trial ends
 * up exactly once in every table.
 */
class SweepKillResumeTest {
  private static final String CONF = """
      sweep { name = killed, max-parallel = 1, fuse = 2 }
      grid {
        flow = [fm, mf]
        seed = [0, 1, 2]
        direction = reverse
        iterations = 600
        batch = 256
        width = 16
        depth = 2
        eval-steps = [1, 2]
        eval-samples = 300
        kept-samples = 30
        loss-points = 5
      }
      """;

  @TempDir Path tmp;

  @Test
  void aKilledSweepResumesWithNoDuplicatesAndNoGaps() throws Exception {
    Path root = tmp.resolve("out");
    int landed = SweepProcess.killAfter(tmp, CONF, "killed", root, 2);
    assertTrue(landed >= 2 && landed < 6, "killed part-way: " + landed + " trials landed");

    SweepConfigParser.Result parsed = SweepConfigParser.parse(CONF, "killed", "killed");
    SweepDefinition definition = parsed.definition();
    SparkSession spark = TestSpark.start();
    try {
      SweepRunner.Outcome resumed = SweepRunner.run(spark, definition,
          new SweepRunner.Options(root.toString(), 0, TrialFunction.CORE), new PrintStream(new ByteArrayOutputStream()));
      assertEquals(landed, resumed.alreadyDone());
      assertEquals(6 - landed, resumed.ran());
      TableAssertions.assertExactlyOnce(spark, root.toString(), definition);
      assertEquals(0, resumed.failed());
    } finally {
      spark.stop();
    }
  }
}
