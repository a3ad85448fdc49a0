package dev.meanflow.jobs.sweep;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.store.ResultTables;
import dev.meanflow.jobs.tables.Schemas;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Checks on the landed tables shared by the sweep tests. */
final class TableAssertions {
  private TableAssertions() {}

  static long count(SparkSession spark, String root, String table, String sweep) {
    return ResultTables.read(spark, root, table).where(col("sweep").equalTo(sweep)).count();
  }

  /** Each trial of {@code sweep} exactly once in every table, with its expected number of rows. */
  static void assertExactlyOnce(SparkSession spark, String root, SweepDefinition sweep) {
    Set<String> expected = sweep.trials().stream().map(TrialSpec::id).collect(Collectors.toSet());
    Dataset<Row> trials = ResultTables.read(spark, root, Schemas.TRIALS).where(col("sweep").equalTo(sweep.name()));
    List<String> ids = trials.select("trial_id").collectAsList().stream().map(r -> r.getString(0)).toList();
    assertEquals(expected.size(), ids.size(), "one trials row per trial");
    assertEquals(expected, Set.copyOf(ids));
    TrialSpec any = sweep.trials().get(0);
    int n = sweep.trials().size();
    int steps = any.get(Knobs.EVAL_STEPS).size();
    assertEquals((long) n * steps, count(spark, root, Schemas.EVALS, sweep.name()));
    assertEquals((long) n * any.get(Knobs.LOSS_POINTS), count(spark, root, Schemas.LOSSES, sweep.name()));
    assertEquals((long) n * steps * any.get(Knobs.KEPT_SAMPLES), count(spark, root, Schemas.SAMPLES, sweep.name()));
    assertNoOrphans(spark, root, sweep.name());
  }

  /** What any reader of the Delta tables sees, not only this project's views: no rows of unlanded attempts. */
  static void assertNoOrphans(SparkSession spark, String root, String sweep) {
    Dataset<Row> trials = ResultTables.read(spark, root, Schemas.TRIALS).where(col("sweep").equalTo(sweep));
    for (String table : Schemas.PER_TRIAL_TABLES) {
      Dataset<Row> rows = ResultTables.readAll(spark, root, table).where(col("sweep").equalTo(sweep));
      long orphans = rows.join(trials, rows.col("attempt_id").equalTo(trials.col("attempt_id")), "left_anti").count();
      assertEquals(0, orphans, table + " rows without their trials row");
    }
  }
}
