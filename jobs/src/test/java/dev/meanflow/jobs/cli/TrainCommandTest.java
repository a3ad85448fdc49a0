package dev.meanflow.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.jobs.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void trainPrintsEveryMetricOfItsTargetFromTheRegistry() {
    Run r = run("train", "--flow", "fm", "--iterations", "30", "--batch", "128", "--width", "16", "--depth", "1",
        "--eval-samples", "300", "--kept-samples", "10", "--eval-steps", "1,8", "--threads", "1",
        "--time-sampling", "LOGIT_NORMAL");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("status OK"), r.out());
    assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith("8 ")), r.out());
    String header = r.out().lines().filter(l -> l.startsWith("steps")).findFirst().orElseThrow();
    for (Metric metric : Metric.values()) {
      assertTrue(header.contains(metric.column()), metric + " in " + header);
    }
  }

  @Test
  void offTheCheckerboardTheCellMetricsAreNotPrinted() {
    Run r = run("train", "--flow", "fm", "--target", "two-moons", "--iterations", "5", "--batch", "64",
        "--width", "8", "--depth", "1", "--eval-samples", "200", "--kept-samples", "0", "--eval-steps", "1",
        "--threads", "1");
    assertEquals(0, r.code(), r.err());
    String header = r.out().lines().filter(l -> l.startsWith("steps")).findFirst().orElseThrow();
    assertFalse(header.contains(Metric.CELL_TV.column()), header);
    assertTrue(header.contains(Metric.SWD.column()), header);
  }

  @Test
  void everyKnobIsAnOptionWithItsDoc() {
    Run help = run("train", "--help");
    assertEquals(0, help.code());
    for (Knob<?> knob : Knobs.REGISTRY.knobs()) {
      assertTrue(help.out().contains("--" + knob.key()), knob.key());
    }
    assertTrue(help.out().contains("Adam learning rate. Default 0.003."), help.out());
  }

  @Test
  void badOptionsExitWithCodeTwoAndNameTheProblem() {
    Run flow = run("train", "--flow", "gan");
    assertEquals(2, flow.code());
    assertTrue(flow.err().contains("'gan' in --flow is invalid: must be one of [fm, mf]"), flow.err());

    Run many = run("train", "--iterations", "-1", "--eval-steps", "0", "--r-neq-t-share", "2");
    assertEquals(2, many.code());
    assertTrue(many.err().contains("'-1' in --iterations is invalid: must be in [1, 10000000]"), many.err());
    assertTrue(many.err().contains("'[0]' in --eval-steps"), many.err());
    assertTrue(many.err().contains("'2.0' in --r-neq-t-share is invalid: must be in [0, 1]"), many.err());

    Run notANumber = run("train", "--batch", "lots");
    assertEquals(2, notANumber.code());
    assertTrue(notANumber.err().contains("'lots' in --batch is invalid: must be an integer"), notANumber.err());

    Run unknown = run("train", "--widht", "3");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("--widht"), unknown.err());
  }

  @Test
  void anImpossibleSavePathFailsBeforeTraining(@TempDir Path tmp) throws Exception {
    Path file = tmp.resolve("not-a-folder");
    Files.writeString(file, "x");
    Run r = run("train", "--iterations", "1000000", "--save", file.resolve("model.bin").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("in --save is invalid: must be a file in an existing, writable folder"), r.err());
    assertEquals(List.of(file), Files.list(tmp).toList());
  }
}
