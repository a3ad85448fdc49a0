package dev.meanflow.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.Main;
import dev.meanflow.jobs.TestSpark;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meanflow sql} without a query, its statements over a pipe, on the tables of a tiny real sweep (run through
 * the command line, so the test holds whatever the tables are stored as).
 */
class SqlPromptTest {
  private static SparkSession spark;
  private static String root;

  @TempDir static Path tmp;

  @BeforeAll
  static void tinySweep() throws Exception {
    spark = TestSpark.start();
    root = tmp.resolve("out").toString();
    Path conf = tmp.resolve("tiny.conf");
    Files.writeString(conf, """
        sweep { name = tiny-prompt }
        grid { flow = [fm, mf], direction = reverse, iterations = 30, batch = 128, width = 16, depth = 2,
          eval-steps = [1, 2], eval-samples = 500, kept-samples = 100, loss-points = 10 }
        """);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    assertEquals(0, Main.run(new String[] {"sweep", conf.toString(), "--output", root}, quiet, quiet));
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  /** The exit code of {@code meanflow sql ARGS} fed {@code statements}, and what it printed, out and err in order. */
  private record Session(int code, String printed) {
    /** The printed lines of a session that ended well, the times as "T". */
    List<String> lines() {
      System.out.print(printed); // the measured times, in the test's output
      assertEquals(0, code, printed);
      return printed.replaceAll("\\d+\\.\\d\\d s\\)", "T s)").lines().toList();
    }
  }

  private static Session sql(String statements, String... args) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream both = new PrintStream(printed, true, StandardCharsets.UTF_8);
    int code = Main.run(Stream.concat(Stream.of("sql"), Stream.of(args)).toArray(String[]::new),
        new ByteArrayInputStream(statements.getBytes(StandardCharsets.UTF_8)), both, both);
    return new Session(code, printed.toString(StandardCharsets.UTF_8));
  }

  @Test
  void refusedAndFailingStatementsLeaveThePromptGoingOn() {
    List<String> lines = sql("""
        SELECT flow, count(*) AS evals
          FROM evals JOIN trials USING (run_id, trial_id) GROUP BY flow ORDER BY flow;
        DROP TABLE trials;
        SELECT nope FROM trials;
        SELECT flow, iterations_done FROM trials ORDER BY flow; SELECT count(*) AS points
          FROM samples;
        """, "--output", root).lines();
    assertEquals("meanflow sql on " + root + ", views trials, evals, losses, samples: statements end with ';', "
        + "quit or Ctrl-D ends", lines.get(0));
    assertEquals(List.of("flow  evals", "----  -----", "fm    2", "mf    2", "(2 rows, T s)"), lines.subList(1, 6));
    assertEquals("'DROP TABLE trials' in QUERY is invalid: " + ReadOnlySql.RULE, lines.get(6));
    assertTrue(lines.get(7).startsWith("'SELECT nope FROM trials' in QUERY is invalid: [UNRESOLVED_COLUMN"),
        lines.get(7));
    assertEquals(List.of("flow  iterations_done", "----  ---------------", "fm    30", "mf    30", "(2 rows, T s)",
        "points", "------", "400", "(1 rows, T s)"), lines.subList(8, lines.size()));
  }

  @Test
  void theLimitHoldsAndQuitEndsThePrompt() {
    List<String> lines = sql("SELECT flow FROM trials ORDER BY flow;\nquit\nSELECT 1;\n",
        "--output", root, "--limit", "1").lines();
    assertEquals(List.of("flow", "----", "fm", "(first 1 rows; raise --limit for more, T s)"), lines.subList(1, 5));
    assertEquals(5, lines.size(), "nothing runs after quit");
  }

  @Test
  void aLastStatementWithoutSemicolonStillRuns() {
    List<String> lines = sql("SELECT count(*) AS trials\n FROM trials", "--output", root).lines();
    assertEquals(List.of("trials", "------", "2", "(1 rows, T s)"), lines.subList(1, lines.size()));
  }

  @Test
  void aRootWithoutTablesEndsThePromptBeforeItReads() {
    String missing = tmp.resolve("mistyped").toString();
    Session session = sql("SELECT 1;\n", "--output", missing);
    assertEquals(2, session.code());
    assertEquals("'" + missing + "' in --output is invalid: no such folder\n", session.printed());
  }
}
