package dev.meanflow.jobs.sweep;

import dev.meanflow.core.trial.TrialStatus;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The driver's progress line: trials done / total with ETA, plus how many run, failed and diverged. */
final class SweepProgress implements AutoCloseable {
  private final ProgressBar bar;
  private int running;
  private int failed;
  private int diverged;

  SweepProgress(String sweep, int total, int alreadyDone, PrintStream out) {
    bar = new ProgressBarBuilder()
        .setTaskName(sweep)
        .setInitialMax(total)
        .startsFrom(alreadyDone, Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" trials", 1)
        .setUpdateIntervalMillis(1000)
        .continuousUpdate()
        .setConsumer(new ConsoleProgressBarConsumer(out, 120))
        .build();
    render();
  }

  synchronized void running(int count) {
    running = count;
    render();
  }

  synchronized void finished(String status) {
    if (TrialStatus.FAILED.name().equals(status)) {
      failed++;
    } else if (TrialStatus.DIVERGED.name().equals(status)) {
      diverged++;
    }
    bar.step();
    render();
  }

  private void render() {
    bar.setExtraMessage("running " + running + ", failed " + failed + ", diverged " + diverged);
  }

  @Override
  public void close() {
    bar.close();
  }
}
