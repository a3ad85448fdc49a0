package dev.meanflow.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.TestSpark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Landing never waits for a task slot: with both slots of local[2] training 6-second trials back to back, each
 * finished trial is committed within seconds of its end, not after the next trial frees a slot (6 s or more).
 */
class LandingLatencyTest {
  @TempDir Path tmp;

  @Test
  void finishedTrialsLandWithinSecondsWhileEverySlotTrains() throws Exception {
    SparkSession spark = TestSpark.start();
    SweepRunner.Outcome o;
    try {
      o = SweepRunner.run(spark, SlowSweepMain.sweep(8),
          new SweepRunner.Options(tmp.resolve("out").toString(), 0, new SlowTrials(6000)),
          new PrintStream(new ByteArrayOutputStream()));
    } finally {
      spark.stop();
    }
    assertEquals(2, o.parallel());
    double[] seconds = o.landingSeconds().stream().mapToDouble(Double::doubleValue).sorted().toArray();
    assertEquals(8, seconds.length);
    double median = Timings.quantile(seconds, 0.5);
    System.out.printf("landing with every slot busy: median %.2f s, max %.2f s, waited %.2f s of %.1f s%n",
        median, seconds[seconds.length - 1], o.waitedForWritesSeconds(), o.trialsWallSeconds());
    assertTrue(median <= 5, "median " + median + " s: " + Arrays.toString(seconds));
    assertTrue(seconds[seconds.length - 1] <= 30, Arrays.toString(seconds));
  }
}
