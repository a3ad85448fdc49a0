package dev.meanflow.jobs.sweep;

import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.store.TrialLanding;
import dev.meanflow.jobs.tables.TrialRows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What one run did with its trials, counted as they finish: the counts and seconds of its {@link SweepRunner.Outcome}. */
final class RunTally {
  int ran;
  int failed;
  int diverged;
  int held;
  int lost;
  int notLanded;
  double write;
  double setup;
  double train;
  double eval;
  final List<Double> latencies = new ArrayList<>();

  /** A trial this run trained and evaluated (or tried to). */
  void trained(TrialRows rows) {
    ran++;
    failed += rows.status() == TrialStatus.FAILED ? 1 : 0;
    diverged += rows.status() == TrialStatus.DIVERGED ? 1 : 0;
    setup += finite(rows.setupSeconds());
    train += finite(rows.trainSeconds());
    eval += finite(rows.evalSeconds());
  }

  /** Its landing: commit time, and the latency from its end, or a race another run won. */
  void landed(TrialRows rows, TrialLanding.Landing landing) {
    write += landing.took().toNanos() / 1e9;
    if (landing.result() == TrialLanding.Result.LANDED) {
      latencies.add(Duration.between(rows.finished(), landing.at()).toNanos() / 1e9);
    } else {
      lost++; // another run landed it first, while this one trained: this run's copy is discarded
    }
  }

  private static double finite(double seconds) {
    return Double.isFinite(seconds) ? seconds : 0;
  }
}
