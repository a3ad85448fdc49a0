package dev.meanflow.jobs.sweep;

import dev.meanflow.core.trial.TrialStatus;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The driver's progress: trials done / total, running, failed, diverged and an ETA. On a terminal a live progress
 * bar; otherwise (logs, spark-submit in cluster mode, tests) one plain line per finished trial, since a bar redrawn
 * with carriage returns every second turns a log file into one endless line.
 */
final class SweepProgress implements AutoCloseable {
  private final String sweep;
  private int total;
  private final int alreadyDone;
  private final PrintStream out;
  private final ProgressBar bar;
  private final long start = System.nanoTime();
  private int done;
  private int running;
  private int failed;
  private int diverged;
  private int held;

  SweepProgress(String sweep, int total, int alreadyDone, PrintStream out, boolean terminal) {
    this.sweep = sweep;
    this.total = total;
    this.alreadyDone = alreadyDone;
    this.done = alreadyDone;
    this.out = out;
    bar = !terminal ? null : new ProgressBarBuilder()
        .setTaskName(sweep)
        .setInitialMax(total)
        .startsFrom(alreadyDone, Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" trials", 1)
        .setUpdateIntervalMillis(1000)
        .continuousUpdate()
        .setConsumer(new ConsoleProgressBarConsumer(out, 120))
        .build();
    if (bar == null) {
      out.println(sweep + ": " + alreadyDone + "/" + total + " trials done before this run");
    }
    render();
  }

  synchronized void running(int count) {
    running = count;
    render();
  }

  /** A pending trial another live run was training: left to it, out of this run's total. */
  synchronized void heldElsewhere() {
    held++;
    if (bar != null) {
      bar.maxHint(total - held);
    } else {
      out.printf("%s: a trial is being trained by another live run: left to it (%d so far)%n", sweep, held);
    }
    render();
  }

  synchronized void finished(TrialStatus status) {
    done++;
    // a halving search's total is an estimate (promotions decided on partial rungs may add units): never below
    // what is done and running
    if (done + running > total - held) {
      total = done + running + held;
      if (bar != null) {
        bar.maxHint(total - held);
      }
    }
    if (status == TrialStatus.FAILED) {
      failed++;
    } else if (status == TrialStatus.DIVERGED) {
      diverged++;
    }
    if (bar != null) {
      bar.step();
    } else {
      double elapsed = (System.nanoTime() - start) / 1e9;
      long eta = Math.round(elapsed / (done - alreadyDone) * (total - held - done));
      out.printf("%s: %d/%d trials done (%s, landed), running %d, failed %d, diverged %d, ETA %s%n", sweep, done,
          total - held, status, running, failed, diverged, clock(eta));
    }
    render();
  }

  private void render() {
    if (bar != null) {
      bar.setExtraMessage("running " + running + ", failed " + failed + ", diverged " + diverged);
    }
  }

  private static String clock(long seconds) {
    return String.format("%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
