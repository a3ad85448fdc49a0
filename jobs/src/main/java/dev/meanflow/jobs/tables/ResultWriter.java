package dev.meanflow.jobs.tables;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Lands finished trials of one run: each flush is written as Parquet into the run's staging folder, then each table
 * folder is moved into place with one rename, {@code trials} last. A flush is therefore committed iff its trials
 * folder exists, and a crash leaves at most an orphan that {@link OrphanCleaner} removes on resume.
 */
public final class ResultWriter {
  private final SparkSession spark;
  private final OutputLayout layout;
  private final String runId;
  private int flushes;

  public ResultWriter(SparkSession spark, OutputLayout layout, String runId) {
    this.spark = spark;
    this.layout = layout;
    this.runId = runId;
  }

  /** Writes {@code batch} as the run's next flush; returns its folder name. Not thread-safe: one writer thread. */
  public String flush(List<TrialRows> batch) {
    String name = OutputLayout.flushName(++flushes);
    Path staged = new Path(layout.staging(runId), name);
    // The four writes are independent small jobs: run them at once, since each is mostly Spark's fixed overhead.
    Schemas.TABLES.parallelStream().forEach(table -> {
      List<Row> rows = new ArrayList<>();
      batch.forEach(t -> rows.addAll(t.rows(table)));
      spark.createDataFrame(rows, Schemas.of(table)).coalesce(1).write().mode(SaveMode.ErrorIfExists)
          .parquet(new Path(staged, table).toString());
    });
    try {
      for (String table : Schemas.TABLES) {
        Path target = layout.flush(table, runId, name);
        layout.fs().mkdirs(target.getParent());
        if (!layout.fs().rename(new Path(staged, table), target)) {
          throw new IOException("could not move " + new Path(staged, table) + " to " + target);
        }
      }
      layout.fs().delete(staged, true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return name;
  }

  /** Removes the run's (empty) staging folder at the end of a run, and the staging root if no run uses it. */
  public void close() {
    try {
      layout.fs().delete(layout.staging(runId), true);
      if (layout.exists(layout.stagingRoot()) && layout.fs().listStatus(layout.stagingRoot()).length == 0) {
        layout.fs().delete(layout.stagingRoot(), false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
