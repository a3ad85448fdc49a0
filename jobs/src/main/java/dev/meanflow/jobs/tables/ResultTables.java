package dev.meanflow.jobs.tables;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import static org.apache.spark.sql.functions.col;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the result tables under an output root. Only committed flushes are read (those whose {@code trials} folder
 * exists), so a sweep that is writing, or was killed between two renames of a flush, never shows half a flush.
 */
public final class ResultTables {
  private ResultTables() {}

  /** One table ({@code trials}, {@code evals}, {@code losses} or {@code samples}) with its explicit schema. */
  public static Dataset<Row> read(SparkSession spark, String root, String table) {
    OutputLayout layout = new OutputLayout(root, spark.sparkContext().hadoopConfiguration());
    List<String> paths = layout.committedFlushes().stream()
        .map(f -> layout.flush(table, f[0], f[1]))
        .filter(layout::exists)
        .map(Object::toString)
        .toList();
    if (paths.isEmpty()) {
      return spark.createDataFrame(List.of(), Schemas.of(table));
    }
    return spark.read().schema(Schemas.of(table)).option("recursiveFileLookup", "true")
        .parquet(paths.toArray(new String[0]));
  }

  /** Ids of the trials of {@code sweep} that have a committed row, whatever their status. */
  public static Set<String> completedTrialIds(SparkSession spark, String root, String sweep) {
    Set<String> ids = new HashSet<>();
    for (Row row : read(spark, root, Schemas.TRIALS).where(col("sweep").equalTo(sweep)).select("trial_id")
        .distinct().collectAsList()) {
      ids.add(row.getString(0));
    }
    return ids;
  }

  /** Registers the four tables as temporary views named {@code trials}, {@code evals}, {@code losses}, {@code samples}. */
  public static void registerViews(SparkSession spark, String root) {
    for (String table : Schemas.TABLES) {
      read(spark, root, table).createOrReplaceTempView(table);
    }
  }
}
