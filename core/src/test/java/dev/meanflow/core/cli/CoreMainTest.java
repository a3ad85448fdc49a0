package dev.meanflow.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CoreMainTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = CoreMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void trainPrintsTheMetricsTable() {
    Run r = run("train", "--flow", "fm", "--iterations", "30", "--batch", "128", "--width", "16", "--depth", "1",
        "--eval-samples", "300", "--eval-steps", "1,8", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("status OK"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("8 ")), r.out());
    assertTrue(r.out().contains("cell_tv"));
  }

  @Test
  void badOptionsExitWithCodeTwoAndNameTheProblem() {
    Run flow = run("train", "--flow", "gan");
    assertEquals(2, flow.code());
    assertTrue(flow.err().contains("'gan' in flow is invalid: must be one of [fm, mf]"), flow.err());

    Run many = run("train", "--iterations", "-1", "--eval-steps", "0", "--r-neq-t-share", "2");
    assertEquals(2, many.code());
    assertTrue(many.err().contains("'-1' in iterations"), many.err());
    assertTrue(many.err().contains("'0' in eval-steps"), many.err());
    assertTrue(many.err().contains("'2.0' in r-neq-t-share is invalid: must be in [0, 1]"), many.err());

    Run notANumber = run("train", "--batch", "lots");
    assertEquals(2, notANumber.code());
    assertTrue(notANumber.err().contains("--batch"), notANumber.err());

    Run unknown = run("train", "--widht", "3");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("--widht"), unknown.err());
  }
}
