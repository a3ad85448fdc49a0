package dev.meanflow.jobs.sweep;

import dev.meanflow.jobs.SparkSessions;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.store.TrialLanding;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A whole sweep run in its own JVM with {@link SlowTrials}, for tests that race, freeze (SIGSTOP) or kill (SIGKILL)
 * a driver. Arguments: output root, number of trials (seeds 0..n-1), milliseconds per trial, and milliseconds to
 * pause inside the first landing between its data commits and its trials commit (0 = none). It prints
 * {@code mid-commit <trial id>} when it pauses there, and {@code outcome <ran> <held> <lost> <not landed> <orphans removed>} at the end.
 */
public final class SlowSweepMain {
  private SlowSweepMain() {}

  public static void main(String[] args) throws Exception {
    String root = args[0];
    int trials = Integer.parseInt(args[1]);
    long millis = Long.parseLong(args[2]);
    long pause = Long.parseLong(args[3]);
    SweepDefinition sweep = SlowSweepMain.sweep(trials);
    AtomicBoolean paused = new AtomicBoolean();
    TrialLanding.Observer observer = trialId -> {
      if (pause > 0 && paused.compareAndSet(false, true)) {
        System.out.println("mid-commit " + trialId);
        System.out.flush();
        sleep(pause);
      }
    };
    try (SparkSessions.Session session = SparkSessions.start("slow-sweep", "local[2]")) {
      SweepRunner.Outcome o = SweepRunner.run(session.spark(), sweep,
          new SweepRunner.Options(root, 0, new SlowTrials(millis), observer), new PrintStream(System.err, true));
      System.out.println("outcome " + o.ran() + " " + o.heldElsewhere() + " " + o.lostRaces() + " " + o.notLanded()
          + " " + o.orphansRemoved());
    }
  }

  static SweepDefinition sweep(int trials) {
    StringBuilder seeds = new StringBuilder();
    for (int i = 0; i < trials; i++) {
      seeds.append(i == 0 ? "" : ", ").append(i);
    }
    // one trial per task: these tests race runs over single claims (fused groups are FusedSweepTest's)
    return SweepHarnessTest.sweep("slow", "fuse = off", "flow = mf, seed = [" + seeds + "]");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
