package dev.meanflow.jobs.query;

import dev.meanflow.core.spec.Problem;
import dev.meanflow.jobs.OutputRoot;
import dev.meanflow.jobs.SparkSessions;
import dev.meanflow.jobs.store.ResultTables;
import dev.meanflow.jobs.tables.Schemas;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code meanflow sql "SELECT ..."}: read-only Spark SQL over the result tables, registered as views trials, evals,
 * losses, samples. A statement that could write is refused from its parse tree before Spark starts. Without a
 * query, a prompt reads statements on the views registered once, so each answers without Spark's start-up.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run Spark SQL over the result tables (views: trials, evals, losses, samples); "
        + "without QUERY, a prompt reads statements ending with ';'.")
public final class SqlCommand implements Callable<Integer> {
  private final InputStream in;
  private final PrintStream out;
  private final PrintStream err;

  @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY",
      description = "e.g. \"SELECT flow, count(*) FROM trials GROUP BY flow\"; none opens the prompt")
  String query;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "runs/quick", description = "Output root (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master when not launched by spark-submit.")
  String master;

  /** Whether a one-shot query goes to the root's warm query server. */
  enum ServerUse { AUTO, OFF }

  @Option(names = "--server", paramLabel = "USE", defaultValue = "auto",
      description = "auto: a one-shot query on embedded Spark asks the root's query server, and starts one in the "
          + "background (ends after " + SqlServerCommand.DEFAULT_IDLE_MINUTES + " idle minutes) when none runs; "
          + "off: always answer in this process. "
          + "Default: ${DEFAULT-VALUE}.")
  ServerUse server;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Rows printed at most (default: ${DEFAULT-VALUE}).")
  int limit;

  /** {@code in} holds the prompt's statements; only {@link System#in} on a console gets the line editor. */
  public SqlCommand(InputStream in, PrintStream out, PrintStream err) {
    this.in = in;
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws IOException {
    if (limit < 1) {
      err.println("'" + limit + "' in --limit is invalid: must be >= 1");
      return 2;
    }
    Optional<Problem> noTables = new OutputRoot(output).readProblem("--output");
    Optional<QueryServerFiles> serverFiles = query != null && server == ServerUse.AUTO
        && SparkSessions.startsEmbedded(master) && noTables.isEmpty()
        ? Optional.of(QueryServerFiles.of(QueryServerFiles.defaultDirectory(), output)) : Optional.empty();
    // the server checks the statement too, warm: parsing it here would cost a cold JVM a second or two
    Optional<QueryProtocol.Answer> served = serverFiles.flatMap(files -> new QueryClient(files).ask(query, limit));
    if (served.isPresent()) {
      out.print(served.get().out());
      err.print(served.get().err());
      return served.get().code();
    }
    Optional<Problem> writes = query == null ? Optional.empty() : ReadOnlySql.problem(query);
    if (writes.isPresent()) {
      err.println(writes.get().message());
      return 2;
    }
    if (noTables.isPresent()) {
      err.println(noTables.get().message());
      return 2;
    }
    if (query != null) {
      return answerOnce(serverFiles);
    }
    try (SparkSessions.Session session = SparkSessions.start("meanflow-sql", master)) {
      ResultTables.registerViews(session.spark(), output, Schemas.TABLES);
      QueryPrinter printer = new QueryPrinter(session.spark(), limit, out, err);
      out.println("meanflow sql on " + output + ", views " + String.join(", ", Schemas.TABLES)
          + ": statements end with ';', quit or Ctrl-D ends");
      Consumer<String> answer = statement -> answer(printer, statement);
      if (in == System.in && System.console() != null) {
        SqlPrompt.onConsole(answer, () -> session.spark().sparkContext().cancelAllJobs());
      } else {
        SqlPrompt.fromPipe(in, answer);
      }
      return 0;
    }
  }

  /**
   * A one-shot query no server answered, here on a session of its own; then, when {@code serverFiles} are given
   * ({@code --server=auto} where this command would start embedded Spark itself, not for {@code --master} or
   * spark-submit), a server is started in the background for the next query.
   */
  private int answerOnce(Optional<QueryServerFiles> serverFiles) throws IOException {
    int code;
    // one statement answers before anyone could open Spark's web UI: do not start its server
    try (SparkSessions.Session session = SparkSessions.start("meanflow-sql", master, Map.of("spark.ui.enabled", "false"))) {
      ResultTables.registerViews(session.spark(), output, viewsNamedIn(query));
      code = new QueryPrinter(session.spark(), limit, out, err).printWithFooter(query);
    }
    if (serverFiles.isPresent()) {
      try {
        if (QueryServerStarter.startIfNone(serverFiles.get(), output)) {
          err.println("meanflow sql: started a query server for " + output + " in the background, so the next "
              + "query answers at once (ends after " + SqlServerCommand.DEFAULT_IDLE_MINUTES
              + " idle minutes; --server=off does without)");
        }
      } catch (IOException e) {
        err.println("meanflow sql: could not start a query server for " + output + " (" + e + ")");
      }
    }
    return code;
  }

  /**
   * The views a one-shot query needs: the result tables its text names as words (a superset of those it reads:
   * a name in a string literal only costs a listing), or all of them when it names none (SHOW TABLES). Each table
   * left out saves Spark a file listing and its schema on the way to a first answer.
   */
  static List<String> viewsNamedIn(String query) {
    List<String> named = Schemas.TABLES.stream()
        .filter(table -> Pattern.compile("\\b" + table + "\\b", Pattern.CASE_INSENSITIVE).matcher(query).find())
        .toList();
    return named.isEmpty() ? Schemas.TABLES : named;
  }

  /** One statement of the prompt, refused, failed or printed with its row count and time; the prompt goes on. */
  private void answer(QueryPrinter printer, String statement) {
    Optional<Problem> writes = ReadOnlySql.problem(statement);
    if (writes.isPresent()) {
      err.println(writes.get().message());
      return;
    }
    long start = System.nanoTime();
    printer.print(statement).ifPresent(p ->
        out.printf(Locale.ROOT, "(%s, %.2f s)%n", p.footer(), (System.nanoTime() - start) / 1e9));
  }
}
