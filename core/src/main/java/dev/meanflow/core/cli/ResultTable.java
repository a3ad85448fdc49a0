package dev.meanflow.core.cli;

import dev.meanflow.core.metric.SampleQuality;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a trial's outcome and its metrics per step count as an aligned text table. */
final class ResultTable {
  private ResultTable() {}

  static void print(TrialResult r, PrintWriter out) {
    out.printf(Locale.ROOT, "trial %s  %s %s %s  status %s%s%n", r.trialId(), r.spec().flow().key(),
        r.spec().direction().key(), r.spec().target().key(), r.status(),
        r.message() == null ? "" : " (" + r.message() + ")");
    out.printf(Locale.ROOT, "%d iterations in %.1f s (%.1f it/s) on %s, final loss %.4f; eval %.1f s%n",
        r.iterationsDone(), r.trainSeconds(), r.iterationsPerSecond(), r.device(), r.finalLoss(), r.evalSeconds());
    if (r.evaluations().isEmpty()) {
      return;
    }
    out.printf(Locale.ROOT, "%6s %10s %8s %8s %9s %8s %7s %6s %6s %8s%n", "steps", "in_support", "cell_tv",
        "covered", "mmd", "energy", "swd", "ks_x", "ks_y", "seconds");
    for (StepEvaluation e : r.evaluations()) {
      SampleQuality q = e.quality();
      out.printf(Locale.ROOT, "%6d %10.3f %8.3f %8.0f %9.5f %8.4f %7.4f %6.3f %6.3f %8.2f%n", e.steps(),
          q.inSupport(), q.cellTv(), q.coveredCells(), q.mmd(), q.energy(), q.swd(), q.ksX(), q.ksY(), e.seconds());
    }
  }
}
