package dev.meanflow.jobs.query;

import dev.meanflow.core.spec.Problem;
import dev.meanflow.jobs.OutputRoot;
import dev.meanflow.jobs.SparkSessions;
import dev.meanflow.jobs.store.ResultTables;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code meanflow sql "SELECT ..."}: read-only Spark SQL over the result tables, registered as views trials, evals,
 * losses, samples. A statement that could write is refused from its parse tree before Spark starts.
 */
@Command(name = "sql", mixinStandardHelpOptions = true,
    description = "Run Spark SQL over the result tables (views: trials, evals, losses, samples).")
public final class SqlCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Parameters(index = "0", paramLabel = "QUERY", description = "e.g. \"SELECT flow, count(*) FROM trials GROUP BY flow\"")
  String query;

  @Option(names = "--output", paramLabel = "DIR", defaultValue = "runs/quick", description = "Output root (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(names = "--master", paramLabel = "URL", description = "Spark master when not launched by spark-submit.")
  String master;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Rows printed at most (default: ${DEFAULT-VALUE}).")
  int limit;

  public SqlCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    if (limit < 1) {
      err.println("'" + limit + "' in --limit is invalid: must be >= 1");
      return 2;
    }
    Optional<Problem> writes = ReadOnlySql.problem(query);
    if (writes.isPresent()) {
      err.println(writes.get().message());
      return 2;
    }
    Optional<Problem> noTables = new OutputRoot(output).readProblem("--output");
    if (noTables.isPresent()) {
      err.println(noTables.get().message());
      return 2;
    }
    try (SparkSessions.Session session = SparkSessions.start("meanflow-sql", master)) {
      ResultTables.registerViews(session.spark(), output);
      Dataset<Row> result;
      try {
        result = session.spark().sql(query);
      } catch (Exception e) {
        // Scala throws AnalysisException (checked, to javac) without declaring it: catch broadly, rethrow the rest.
        if (!(e instanceof AnalysisException)) {
          throw e;
        }
        err.println("'" + query + "' in QUERY is invalid: " + e.getMessage());
        return 2;
      }
      List<Row> rows = result.limit(limit + 1).collectAsList();
      List<List<String>> cells = new ArrayList<>();
      for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
        List<String> line = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
          line.add(TextTable.cell(row.get(i)));
        }
        cells.add(line);
      }
      out.print(TextTable.render(Arrays.asList(result.columns()), cells));
      out.println(rows.size() > limit ? "(first " + limit + " rows; raise --limit for more)" : "(" + rows.size() + " rows)");
    }
    return 0;
  }
}
