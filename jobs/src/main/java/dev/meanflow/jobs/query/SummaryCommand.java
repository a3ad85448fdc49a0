package dev.meanflow.jobs.query;

import static org.apache.spark.sql.functions.col;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Problem;
import dev.meanflow.jobs.OutputRoot;
import dev.meanflow.jobs.SparkSessions;
import dev.meanflow.jobs.compare.SweepResults;
import dev.meanflow.jobs.config.SweepKeys;
import dev.meanflow.jobs.tables.ResultTables;
import dev.meanflow.jobs.tables.Schemas;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code meanflow summary}: the standard FM vs MF comparison by step count and direction, per sweep. */
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

  @Option(names = "--master", paramLabel = "URL", description = "Spark master when not launched by spark-submit.")
  String master;

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
    try (SparkSessions.Session session = SparkSessions.start("meanflow-summary", master)) {
      List<String> sweeps = sweep != null ? List.of(sweep)
          : ResultTables.read(session.spark(), output, Schemas.TRIALS).select(col("sweep")).distinct()
              .orderBy(col("sweep")).collectAsList().stream().map(r -> r.getString(0)).toList();
      if (sweeps.isEmpty()) {
        out.println("no committed trial under " + output);
      }
      for (String name : sweeps) {
        out.print(Summary.render(Summary.best(SweepResults.load(session.spark(), output, name), ranking), ranking,
            name));
        out.println();
      }
    }
    return 0;
  }
}
