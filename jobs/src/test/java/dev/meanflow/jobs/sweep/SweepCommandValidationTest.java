package dev.meanflow.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  void unknownConfigAndBadOptionsAreUsageErrors() throws IOException {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    assertEquals(2, Main.run(new String[] {"sweep", tmp.resolve("missing.conf").toString()}, quiet, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("missing.conf' in CONF is invalid: no such file\n"));
    assertEquals(2, Main.run(new String[] {"sweep", "quik"}, quiet, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("'quik' in CONF is invalid: no such file, and not a "
        + "shipped config (quick, seed, ablation)"));
    assertEquals(2, Main.run(new String[] {"sweep", "quick", "--max-trials", "many"}, quiet, e));
    assertEquals(2, Main.run(new String[] {"summary", "--metric", "rmse"}, quiet, e));
    assertEquals(2, Main.run(new String[] {"nonsense"}, quiet, e));
    String missing = tmp.resolve("mistyped").toString();
    assertEquals(2, Main.run(new String[] {"sql", "--output", missing, "SELECT count(*) FROM evals"}, quiet, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("'" + missing + "' in --output is invalid: no such folder"));
    Path tables = tmp.resolve("tables");
    assertTrue(tables.resolve("trials").toFile().mkdirs());
    assertEquals(2, Main.run(new String[] {"sql", "--output", tables.toString(),
        "INSERT OVERWRITE DIRECTORY '" + tables.resolve("evals") + "' USING parquet SELECT * FROM evals"}, quiet, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("meanflow sql never writes"));
    assertEquals(List.of(tables.resolve("trials")), Files.list(tables).toList());
    assertEquals(2, Main.run(new String[] {"summary", "--output", tmp.toString()}, quiet, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("holds no result tables (no trials table)"));
    // a root of the version before Delta tables: Parquet folders per run
    Path legacy = tmp.resolve("legacy");
    assertTrue(legacy.resolve("trials").resolve("quick-20261127T045954Z-5e0857").resolve("flush-00001").toFile()
        .mkdirs());
    assertEquals(2, Main.run(new String[] {"sweep", "quick", "--output", legacy.toString()}, quiet, e));
    assertEquals(2, Main.run(new String[] {"summary", "--output", legacy.toString()}, quiet, e));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("'" + legacy + "' in --output is invalid: holds Parquet "
        + "tables of a version before Delta tables (schema 2)"), err::toString);
    assertEquals(List.of(legacy.resolve("trials")), Files.list(legacy).toList(), "nothing written");
    assertTrue(SparkSession.getDefaultSession().isEmpty());
  }

  @Test
  void dryRunListsTrialsWithoutSpark() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, Main.run(new String[] {"sweep", "seed", "--dry-run"},
        new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("seed: 4 trials, output runs/seed"), printed);
    Path file = tmp.resolve("a-file");
    assertEquals(0, Main.run(new String[] {"sweep", "seed", "--dry-run", "--output", file.resolve("x").toString()},
        new PrintStream(new ByteArrayOutputStream()), System.err), "a dry run writes nothing, so any root will do");
    assertTrue(SparkSession.getDefaultSession().isEmpty());
  }

  /** What the command gets besides the sweep file's text: where it is, where results go, which master. */
  record Input(String kind, String conf, String output, String master, String message) {}

  static Stream<Input> badInputs() throws IOException {
    Path dir = Files.createTempDirectory("preflight");
    Path good = Files.writeString(dir.resolve("good.conf"), "grid { flow = fm, iterations = 1 }");
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    Path empty = Files.writeString(dir.resolve("empty.conf"), "# nothing but a comment\n");
    Path binary = Files.write(dir.resolve("binary.conf"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, (byte) 0xc3});
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String out = dir.resolve("out").toString();
    return Stream.of(
        new Input("output is a file", good.toString(), file.toString(), null,
            "'" + file + "' in --output is invalid: is a file, not a folder: nothing was run"),
        new Input("output below a file", good.toString(), file.resolve("runs").toString(), null,
            "in --output is invalid: cannot be created: " + file + " is a file"),
        new Input("empty output", good.toString(), "", null, "'' in --output is invalid: must be a folder path"),
        new Input("a path named like a shipped sweep", dir.resolve("some/seed.conf").toString(), out, null,
            "in CONF is invalid: no such file"),
        new Input("empty sweep file", empty.toString(), out, null, "the sweep file has no keys"),
        new Input("binary sweep file", binary.toString(), out, null, "is not a text file (not UTF-8)"),
        new Input("malformed master", good.toString(), out, "bogus",
            "'bogus' in --master is invalid: must be local, local[N], local[*], spark://HOST:PORT, yarn or k8s://URL"),
        new Input("unreachable master", good.toString(), out, "spark://127.0.0.1:" + closedPort,
            "in --master is invalid: nothing answers at 127.0.0.1:" + closedPort));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputIsOneLineAndExitTwoBeforeSparkWithNothingWritten(Input input) {
    List<String> args = new ArrayList<>(List.of("sweep", input.conf(), "--output", input.output()));
    if (input.master() != null) {
      args.addAll(List.of("--master", input.master()));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int code = Main.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    double seconds = (System.nanoTime() - start) / 1e9;
    String printed = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code, printed);
    assertTrue(printed.contains(input.message()), () -> input.kind() + ": " + printed);
    assertFalse(printed.contains("\tat "), "no stack trace: " + printed);
    assertTrue(printed.lines().count() <= 2, printed);
    assertTrue(seconds < 10, input.kind() + " took " + seconds + " s");
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "no Spark session was started");
    if (!input.output().isEmpty() && !input.kind().startsWith("output")) {
      assertFalse(Files.exists(Path.of(input.output())), "nothing was written");
    }
  }
}
