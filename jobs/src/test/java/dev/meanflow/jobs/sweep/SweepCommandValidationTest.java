package dev.meanflow.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad sweep files are rejected by the command with exit code 2, before any Spark session and with nothing written. */
class SweepCommandValidationTest {
  @TempDir Path tmp;

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of("unknown key", "grid { flow = [fm, mf], widht = [16] }",
            "unknown key 'grid.widht' (line 1): did you mean 'grid.width'?"),
        Arguments.of("wrong type", "grid { width = [wide] }",
            "'wide' in grid.width is invalid (line 1): must be an integer"),
        Arguments.of("empty axis", "grid { seed = [] }",
            "grid.seed is empty (line 1): give at least one value (an integer)"),
        Arguments.of("out of range", "grid { r-neq-t-share = [0.5, 1.5] }",
            "'1.5' in grid.r-neq-t-share is invalid: must be in [0, 1]"),
        Arguments.of("impossible combination", "grid { flow = fm, orientation = signed }",
            "'signed' in grid.orientation is invalid: signed intervals exist only for flow mf"),
        Arguments.of("syntax", "grid { flow = [fm", "bad.conf: 1: List should have ended with ]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void badConfigIsRejectedBeforeSparkWithNothingWritten(String kind, String text, String message) throws Exception {
    Path conf = tmp.resolve("bad.conf");
    Files.writeString(conf, text);
    Path output = tmp.resolve("out");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code = Main.run(new String[] {"sweep", conf.toString(), "--output", output.toString()},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    String printed = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, printed);
    assertTrue(printed.lines().anyMatch(l -> l.contains(message)), () -> kind + ": " + printed);
    assertTrue(printed.contains("nothing was run"), printed);
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "no Spark session was started");
    assertFalse(Files.exists(output), "nothing was written");
    assertEquals("", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void unknownConfigAndBadOptionsAreUsageErrors() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    assertEquals(2, Main.run(new String[] {"sweep", tmp.resolve("missing.conf").toString()}, quiet, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no such file, and not a shipped config"));
    assertEquals(2, Main.run(new String[] {"sweep", "quick", "--max-trials", "many"}, quiet, e));
    assertEquals(2, Main.run(new String[] {"summary", "--metric", "rmse"}, quiet, e));
    assertEquals(2, Main.run(new String[] {"nonsense"}, quiet, e));
    assertTrue(SparkSession.getDefaultSession().isEmpty());
  }

  @Test
  void dryRunListsTrialsWithoutSpark() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, Main.run(new String[] {"sweep", "seed", "--dry-run"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("seed: 4 trials, output runs/seed"), printed);
    assertTrue(SparkSession.getDefaultSession().isEmpty());
  }
}
