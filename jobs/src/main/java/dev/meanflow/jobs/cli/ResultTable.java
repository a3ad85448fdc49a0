package dev.meanflow.jobs.cli;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.trial.StepEvaluation;
import dev.meanflow.core.trial.TrialResult;
import dev.meanflow.core.trial.TruthErrors;
import dev.meanflow.jobs.query.TextTable;
import dev.meanflow.jobs.tables.Schemas;
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
    Metric primary = r.spec().get(Knobs.TARGET).primaryMetric();
    boolean oracle = r.evaluations().stream().anyMatch(e -> Double.isFinite(e.oracle().get(primary)));
    List<String> header = new ArrayList<>(List.of("steps"));
    metrics.forEach(m -> header.add(m.column()));
    if (oracle) {
      header.add(Schemas.oracleColumn(primary));
    }
    header.add("seconds");
    List<List<String>> rows = new ArrayList<>();
    for (StepEvaluation e : r.evaluations()) {
      List<String> row = new ArrayList<>(List.of(Integer.toString(e.steps())));
      metrics.forEach(m -> row.add(m.format(e.quality().get(m))));
      if (oracle) {
        row.add(primary.format(e.oracle().get(primary)));
      }
      row.add(String.format(Locale.ROOT, "%.2f", e.seconds()));
      rows.add(row);
    }
    out.print(TextTable.render(header, rows));
    truth(r.truth(), out);
    out.printf(Locale.ROOT, "largest gradient norm %.3g, loss spikes %d%n", r.health().maxGradNorm(),
        r.health().lossSpikes());
    out.flush();
  }

  /** The network against the exact fields, when it was compared. */
  private static void truth(TruthErrors truth, PrintWriter out) {
    if (Double.isNaN(truth.field())) {
      return;
    }
    out.printf(Locale.ROOT, "against the exact flow: field error %.4g of %.4g (%.1f %%)", truth.field(),
        truth.fieldScale(), 100 * truth.field() / truth.fieldScale());
    if (!Double.isNaN(truth.dudtJvp())) {
      out.printf(Locale.ROOT, "; du/dt error %.4g by JVP", truth.dudtJvp());
      for (int i = 0; i < TruthErrors.FD_STEPS.size(); i++) {
        out.printf(Locale.ROOT, ", %.4g by central difference h = %.0e", truth.dudtFiniteDifference().get(i),
            TruthErrors.FD_STEPS.get(i));
      }
      out.printf(Locale.ROOT, ", of %.4g", truth.dudtScale());
    }
    out.println();
  }
}
