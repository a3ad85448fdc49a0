package dev.meanflow.jobs.query;

import dev.meanflow.core.spec.Problem;
import dev.meanflow.jobs.OutputRoot;
import dev.meanflow.jobs.SparkSessions;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code meanflow sql-server}: the warm Spark session that answers one-shot {@code meanflow sql} queries of one
 * output root. The first one-shot query of a root starts it in the background; this command starts or stops it
 * by hand.
 */
@Command(name = "sql-server", mixinStandardHelpOptions = true,
    description = "Serve one-shot 'meanflow sql' queries of an output root from a warm Spark session "
        + "(started by the first such query; ends when idle).")
public final class SqlServerCommand implements Callable<Integer> {
  /** How long a server started by a one-shot query waits for the next one. */
  static final int DEFAULT_IDLE_MINUTES = 15;

  private final PrintStream out;
  private final PrintStream err;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "runs/quick", description = "Output root (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--idle-minutes", paramLabel = "M", defaultValue = "" + DEFAULT_IDLE_MINUTES,
      description = "End after this many minutes without a query (default: ${DEFAULT-VALUE}).")
  int idleMinutes;

  @Option(names = "--stop", description = "Stop the root's server instead.")
  boolean stop;

  @Option(names = "--status", description = "Say whether the root's server runs (exit 0) or not (exit 1).")
  boolean status;

  public SqlServerCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    if (idleMinutes < 1 || idleMinutes > 24 * 60) {
      err.println(Problem.invalid("--idle-minutes", Integer.toString(idleMinutes), "must be in [1, 1440]").message());
      return 2;
    }
    Optional<Problem> noTables = new OutputRoot(output).readProblem("--output");
    if (noTables.isPresent()) {
      err.println(noTables.get().message());
      return 2;
    }
    QueryServerFiles files = QueryServerFiles.of(QueryServerFiles.defaultDirectory(), output);
    if (status) {
      Optional<QueryServerFiles.Card> card = files.read();
      if (card.isPresent() && new QueryClient(files).serverRuns()) {
        out.println("query server of " + output + ": pid " + card.get().pid() + ", port " + card.get().port()
            + ", log " + files.log());
        return 0;
      }
      out.println("no query server of " + output + " runs");
      return 1;
    }
    if (stop) {
      Optional<QueryProtocol.Answer> stopped = new QueryClient(files).stop();
      out.print(stopped.map(QueryProtocol.Answer::out).orElse("no query server of " + output + " runs\n"));
      return 0;
    }
    try (SparkSessions.Session session = SparkSessions.start("meanflow-sql-server", null,
        Map.of("spark.ui.enabled", "false"))) {
      boolean served = new QueryServer(session.spark(), output, files, Duration.ofMinutes(idleMinutes)).serve();
      if (!served) {
        out.println("a query server of " + output + " runs already");
      }
      return 0;
    }
  }
}
