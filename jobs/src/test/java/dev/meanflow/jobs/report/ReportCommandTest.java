package dev.meanflow.jobs.report;

import dev.meanflow.jobs.Main;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to {@code meanflow report} ends with exit code 2 and a message naming the root, before Spark starts. */
class ReportCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(withReport(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static String[] withReport(String[] args) {
    String[] all = new String[args.length + 1];
    all[0] = "report";
    System.arraycopy(args, 0, all, 1, args.length);
    return all;
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void missingRootIsAUsageError() {
    Path missing = dir.resolve("no-such-sweep");
    assertEquals(2, run(missing.toString()));
    assertTrue(stderr().contains("'" + missing + "' in output root is invalid"), stderr());
    assertTrue(stderr().contains("does not exist"), stderr());
  }

  @Test
  void rootWithoutTrialsTableIsAUsageError() throws Exception {
    Files.createDirectories(dir.resolve("evals/run-a"));
    assertEquals(2, run(dir.toString(), "--out", dir.resolve("r").toString()));
    assertTrue(stderr().contains("holds no result tables"), stderr());
    assertTrue(stderr().contains("no trials table"), stderr());
  }

  @Test
  void missingArgumentAndUnknownOptionAreUsageErrors() {
    assertEquals(2, run());
    assertTrue(stderr().contains("<output root>"), stderr());
    assertEquals(2, run(dir.toString(), "--colour", "red"));
    assertTrue(stderr().contains("--colour"), stderr());
  }

  @Test
  void remoteRootNeedsAnOutFolder() {
    assertEquals(2, run("hdfs://namenode/runs/x"));
    assertTrue(stderr().contains("--out"), stderr());
  }

  @Test
  void helpExitsZero() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("--out"));
  }
}
