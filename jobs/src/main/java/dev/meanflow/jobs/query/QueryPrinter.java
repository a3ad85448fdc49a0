package dev.meanflow.jobs.query;

import dev.meanflow.core.spec.Problem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a statement already found read-only on the registered views and prints at most {@code limit} of its rows
 * as a text table: the one printing path of both {@code meanflow sql QUERY} and the prompt.
 */
record QueryPrinter(SparkSession spark, int limit, PrintStream out, PrintStream err) {

  /** What a statement printed: its rows up to the limit, and whether it had more. */
  record Printed(int rows, boolean more) {
    String footer() {
      return more ? "first " + rows + " rows; raise --limit for more" : rows + " rows";
    }
  }

  /** A one-shot statement: its rows and a footer; the exit code of {@code meanflow sql QUERY} (2: Spark refused it). */
  int printWithFooter(String sql) {
    Optional<Printed> printed = print(sql);
    printed.ifPresent(p -> out.println("(" + p.footer() + ")"));
    return printed.isPresent() ? 0 : 2;
  }

  /** The rows printed; empty when Spark refused or failed the statement, with the reason printed to err. */
  Optional<Printed> print(String sql) {
    Dataset<Row> result;
    List<Row> rows;
    try {
      result = spark.sql(sql);
      rows = result.limit(limit + 1).collectAsList();
    } catch (Exception e) {
      // Spark's errors of the statement (unknown column, division by zero, a cancelled job) are SparkThrowable;
      // Scala throws the checked ones undeclared, so catch broadly and rethrow the rest, which are bugs
      if (!(e instanceof SparkThrowable)) {
        throw e;
      }
      err.println(Problem.invalid("QUERY", sql, e.getMessage().lines().findFirst().orElse("")).message());
      return Optional.empty();
    }
    List<List<String>> cells = new ArrayList<>();
    for (Row row : rows.subList(0, Math.min(limit, rows.size()))) {
      List<String> line = new ArrayList<>();
      for (int i = 0; i < row.size(); i++) {
        line.add(TextTable.cell(row.get(i)));
      }
      cells.add(line);
    }
    out.print(TextTable.render(Arrays.asList(result.columns()), cells));
    return Optional.of(new Printed(cells.size(), rows.size() > limit));
  }
}
