package dev.meanflow.jobs.cli;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.jobs.query.TextTable;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Prints a trial's outcome and, per step count, every metric that applies to its target. */
final class ResultTable {
  private ResultTable() {}

  static void print(TrialResult r, PrintWriter out) {
    out.printf(Locale.ROOT, "trial %s  %s %s %s  status %s%s%n", r.trialId(), r.spec().get(Knobs.FLOW).key(),
        r.spec().get(Knobs.DIRECTION).key(), r.spec().get(Knobs.TARGET).key(), r.status(),
        r.message() == null ? "" : " (" + r.message() + ")");
    out.printf(Locale.ROOT, "%d iterations in %.1f s (%.1f it/s) on %s, final loss %.4f; eval %.1f s%n",
        r.iterationsDone(), r.trainSeconds(), r.iterationsPerSecond(), r.device(), r.finalLoss(), r.evalSeconds());
    if (r.evaluations().isEmpty()) {
      return;
    }
    List<Metric> metrics = r.spec().get(Knobs.TARGET).metrics();
    List<String> header = new ArrayList<>(List.of("steps"));
    metrics.forEach(m -> header.add(m.column()));
    header.add("seconds");
    List<List<String>> rows = new ArrayList<>();
    for (StepEvaluation e : r.evaluations()) {
      List<String> row = new ArrayList<>(List.of(Integer.toString(e.steps())));
      metrics.forEach(m -> row.add(m.format(e.quality().get(m))));
      row.add(String.format(Locale.ROOT, "%.2f", e.seconds()));
      rows.add(row);
    }
    out.print(TextTable.render(header, rows));
    out.flush();
  }
}
