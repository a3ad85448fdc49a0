package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.compare.TrialOutcome;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import dev.meanflow.core.spec.Problem;
import dev.meanflow.jobs.OutputRoot;
import dev.meanflow.jobs.SparkSessions;
import dev.meanflow.jobs.compare.SweepResults;
import dev.meanflow.jobs.config.SweepConfigParser;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.config.SweepKeys;
import dev.meanflow.jobs.query.Summary;
import dev.meanflow.jobs.report.ReportWriter;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.TrialLedger;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code meanflow sweep [CONF]}: validates a sweep file, runs its pending trials on Spark, prints the summary. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run a sweep: every trial of the grid that has not landed yet, one Spark task each.")
public final class SweepCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Parameters(index = "0", arity = "0..1", paramLabel = "CONF",
      description = "Sweep file, or a shipped one: quick (default), seed, ablation.")
  String conf = SweepFiles.DEFAULT;

  @Option(names = "--output", paramLabel = "DIR", description = "Output root (default runs/<sweep name>).")
  String output;

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master when not launched by spark-submit (default local[*]).")
  String master;

  @Option(names = "--max-trials", paramLabel = "N", description = "Run at most N pending trials, then stop.")
  int maxTrials;

  @Option(names = "--timings", description = "Print where the sweep's wall time went (the overhead benchmark).")
  boolean timings;

  @Option(names = "--report", description = "Write the report (index.html and figures) to <output>/report at the end.")
  boolean report;

  @Option(names = "--dry-run", description = "Validate and list the trials; start no Spark.")
  boolean dryRun;

  @Option(names = "--describe-keys", description = "Print every sweep-file key with its doc and default.")
  boolean describeKeys;

  public SweepCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  private void printOutcome(SweepRunner.Outcome o, SweepDefinition sweep, String root) {
    out.printf("sweep %s: %d trials, %d done before, %d run now (%d failed, %d diverged); run %s; tables under %s%n",
        sweep.name(), o.total(), o.alreadyDone(), o.ran(), o.failed(), o.diverged(), o.runId(), root);
    if (o.doneUnderV1() > 0) {
      out.println(o.doneUnderV1() + " of the trials done before were found under their trial-id version 1 "
          + "(tables written before version 2): kept, not rerun");
    }
    if (o.repaired() > 0) {
      out.println(o.repaired() + " trial(s) whose rows were incomplete or duplicated were removed and rerun");
    }
    if (o.heldElsewhere() > 0) {
      out.println(o.heldElsewhere() + " trial(s) were being trained by another live run on this root: left to it");
    }
    if (o.lostRaces() > 0) {
      out.println(o.lostRaces() + " trial(s) landed by another run first: this run's copies were discarded");
    }
    if (o.notLanded() > 0) {
      out.println(o.notLanded() + " trial(s) could not be written: run the sweep again to rerun them");
    }
    if (o.orphansRemoved() > 0) {
      out.println("removed the rows of " + o.orphansRemoved() + " attempt(s) that never landed (a crash or a lost race)");
    }
    if (o.search() != null) {
      out.print(o.search().render());
    }
    if (!o.columnsAdded().isEmpty()) {
      out.println("added column(s) " + String.join(", ", o.columnsAdded()) + " to the existing tables");
    }
  }

  private void printSummary(DeltaStore store, SweepDefinition sweep) {
    out.println();
    List<TrialOutcome> outcomes = SweepResults.load(store, sweep.name());
    if (sweep.search().halving()) {
      // the rungs below a cell's budget are how the search chose; the summary ranks what reached the end
      Set<String> cells = sweep.trials().stream().map(TrialSpec::id).collect(Collectors.toSet());
      outcomes = outcomes.stream().filter(o -> cells.contains(o.trialId())).toList();
    }
    out.print(Summary.render(Summary.best(outcomes, sweep.summaryMetric()),
        sweep.summaryMetric(), sweep.name()));
  }

  @Override
  public Integer call() throws Exception {
    if (describeKeys) {
      out.print(SweepKeys.reference());
      return 0;
    }
    SweepFiles.Source source = SweepFiles.load(conf);
    if (source == null) {
      err.println("'" + conf + "' in CONF is invalid: no such file" + (Path.of(conf).getParent() == null
          ? ", and not a shipped config (quick, seed, ablation)" : ""));
      return 2;
    }
    SweepConfigParser.Result parsed = source.parse();
    if (!parsed.ok()) {
      parsed.messages().forEach(err::println);
      err.println(parsed.problems().size() + " problem(s) in " + source.origin() + ": nothing was run");
      return 2;
    }
    if (maxTrials < 0) {
      err.println("'" + maxTrials + "' in --max-trials is invalid: must be >= 0 (0 = all)");
      return 2;
    }
    SweepDefinition sweep = parsed.definition();
    String root = output != null ? output : "runs/" + sweep.name();
    if (dryRun) {
      out.println(sweep.name() + ": " + sweep.trials().size() + " trials, output " + root);
      sweep.trials().forEach(t -> out.println(t.id() + "  " + t.canonical()));
      return 0;
    }
    Optional<Problem> unwritable = new OutputRoot(root).writeProblem("--output")
        .or(() -> new OutputRoot(root).layoutProblem("--output"));
    if (unwritable.isPresent()) {
      err.println(unwritable.get().message() + ": nothing was run");
      return 2;
    }
    long t0 = System.nanoTime();
    DeltaStore store = DeltaStore.open(root);
    if (SweepPlan.of(sweep, TrialLedger.read(store, sweep.name()), maxTrials).nothingToRun() && !report) {
      // every trial landed with all its rows: answer from the tables, without starting Spark
      out.printf("sweep %s: %d trials, all landed before: nothing to run; tables under %s%n", sweep.name(),
          sweep.trials().size(), root);
      long s0 = System.nanoTime();
      printSummary(store, sweep);
      if (timings) {
        out.printf("%nsweep overhead: nothing to run; summary %.2f s, total %.2f s%n", (System.nanoTime() - s0) / 1e9,
            (System.nanoTime() - t0) / 1e9);
      }
      return 0;
    }
    try (SparkSessions.Session session = SparkSessions.start("meanflow-sweep-" + sweep.name(), master)) {
      double startup = (System.nanoTime() - t0) / 1e9;
      SweepRunner.Outcome outcome = SweepRunner.run(session.spark(),
          sweep, new SweepRunner.Options(root, maxTrials, TrialFunction.CORE), err);
      printOutcome(outcome, sweep, root);
      long s0 = System.nanoTime();
      printSummary(store, sweep);
      double summarySeconds = (System.nanoTime() - s0) / 1e9;
      if (report) {
        Path reportDir = Path.of(root).resolve("report");
        ReportWriter.write(session.spark(), root, reportDir);
        out.println();
        out.println("report: " + reportDir.resolve("index.html"));
      }
      if (timings) {
        out.println();
        out.print(Timings.render(sweep.name(), session.spark().sparkContext().master(), startup, outcome,
            summarySeconds, (System.nanoTime() - t0) / 1e9));
      }
    }
    return 0;
  }
}
