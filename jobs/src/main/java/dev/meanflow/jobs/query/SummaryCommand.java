package dev.meanflow.jobs.query;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Problem;
import dev.meanflow.jobs.OutputRoot;
import dev.meanflow.jobs.compare.SweepResults;
import dev.meanflow.jobs.config.SweepKeys;
import dev.meanflow.jobs.store.DeltaStore;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meanflow summary}: the standard FM vs MF comparison by step count and direction, per sweep. Reads the
 * tables through Delta Kernel: no Spark session, so it answers in about a second.
 */
@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print the best configuration per flow x direction x steps and FM vs MF, for each sweep.")
public final class SummaryCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "runs/quick", description = "Output root (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--metric", paramLabel = "COLUMN",
      description = "Ranking metric, a column of evals (default: sweep.summary-metric's default, cell_tv).")
  String metric = SweepKeys.SUMMARY_METRIC.defaultValue();

  @Option(names = "--sweep", paramLabel = "NAME", description = "Only this sweep (default: every sweep under the root).")
  String sweep;

  public SummaryCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    Metric ranking = Metric.byColumn(metric).orElse(null);
    if (ranking == null) {
      err.println(Problem.invalid("--metric", metric, "must be one of " + Metric.columns()).message());
      return 2;
    }
    Optional<Problem> noTables = new OutputRoot(output).readProblem("--output");
    if (noTables.isPresent()) {
      err.println(noTables.get().message());
      return 2;
    }
    DeltaStore store = DeltaStore.open(output);
    List<String> sweeps = sweep != null ? List.of(sweep) : SweepResults.sweeps(store);
    if (sweeps.isEmpty()) {
      out.println("no landed trial under " + output);
    }
    for (String name : sweeps) {
      out.print(Summary.render(Summary.best(SweepResults.load(store, name), ranking), ranking, name));
      out.println();
    }
    return 0;
  }
}
