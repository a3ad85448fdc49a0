package dev.meanflow.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.trial.TrialStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain progress lines a log receives. */
class SweepProgressTest {

  @Test
  void anEstimatedTotalGrowsWithTheWorkInsteadOfShowingMoreDoneThanTotal() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (SweepProgress progress = new SweepProgress("s", 2, 0, new PrintStream(bytes, true,
        StandardCharsets.UTF_8), false)) {
      progress.running(1);
      progress.finished(TrialStatus.OK);
      progress.finished(TrialStatus.OK);
      progress.running(1);
      progress.finished(TrialStatus.DIVERGED);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals("s: 0/2 trials done before this run", lines.get(0));
    assertTrue(lines.get(1).startsWith("s: 1/2 trials done (OK, landed), running 1"), lines.get(1));
    assertTrue(lines.get(2).startsWith("s: 2/3 trials done (OK, landed), running 1"), lines.get(2));
    assertTrue(lines.get(3).startsWith("s: 3/4 trials done (DIVERGED, landed), running 1, failed 0, diverged 1"),
        lines.get(3));
    lines.forEach(l -> assertTrue(!l.contains("-"), "no negative ETA: " + l));
  }
}
