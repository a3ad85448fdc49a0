package dev.meanflow.jobs.store;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import dev.meanflow.jobs.tables.Schemas;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The result tables as Spark reads them: each Delta table in this version's columns (a column an older table lacks
 * reads as null), and of the per-trial tables only the rows of attempts that landed, so a crashed or lost attempt's
 * rows never show. The files of a table's latest version come from Delta Kernel; Spark's Delta reader is used
 * only for tables whose files alone do not say what they hold (deletion vectors, column mapping).
 */
public final class ResultTables {
  private ResultTables() {}

  /** One table ({@code trials}, {@code evals}, {@code losses} or {@code samples}) as this version's schema. */
  public static Dataset<Row> read(SparkSession spark, String root, String table) {
    DeltaStore store = new DeltaStore(root, spark.sparkContext().hadoopConfiguration());
    return landedOnly(readAll(spark, store, table), table, readAll(spark, store, Schemas.TRIALS));
  }

  /** Of a per-trial table's rows, those of attempts that {@code trials} names; {@code trials} itself as it is. */
  private static Dataset<Row> landedOnly(Dataset<Row> rows, String table, Dataset<Row> trials) {
    if (!Schemas.TRIALS.equals(table)) {
      Dataset<Row> landed = trials.select("sweep", "trial_id", "attempt_id");
      rows = rows.join(landed, scala.jdk.javaapi.CollectionConverters.asScala(
          List.of("sweep", "trial_id", "attempt_id")).toSeq(), "left_semi");
    }
    // a join on named columns puts them first: keep the table's own order
    return rows.select(Stream.of(Schemas.of(table).fieldNames()).map(functions::col).toArray(Column[]::new));
  }

  /** Every row of {@code table}, orphans included, as this version's schema; empty when it does not exist. */
  public static Dataset<Row> readAll(SparkSession spark, String root, String table) {
    return readAll(spark, new DeltaStore(root, spark.sparkContext().hadoopConfiguration()), table);
  }

  private static Dataset<Row> readAll(SparkSession spark, DeltaStore store, String table) {
    StructType schema = Schemas.of(table);
    if (!store.hasTable(table)) {
      return spark.createDataFrame(List.of(), schema);
    }
    Optional<List<String>> files = store.dataFiles(table);
    if (files.isPresent()) {
      // The files Kernel lists are the table: Spark reads them directly, without rebuilding the log's state in
      // Spark jobs for every table (tens of seconds on 2 cores); a column older files lack reads as null.
      return files.get().isEmpty() ? spark.createDataFrame(List.of(), schema)
          : spark.read().schema(schema).parquet(files.get().toArray(new String[0]));
    }
    Dataset<Row> rows = spark.read().format("delta").load(store.location(table));
    Set<String> present = Set.of(rows.columns());
    List<Column> columns = new ArrayList<>();
    for (StructField f : schema.fields()) {
      columns.add(present.contains(f.name()) ? col(f.name()) : lit(null).cast(f.dataType()).as(f.name()));
    }
    return rows.select(columns.toArray(new Column[0]));
  }

  /** Registers the four tables as temporary views named {@code trials}, {@code evals}, {@code losses}, {@code samples}. */
  public static void registerViews(SparkSession spark, String root) {
    registerViews(spark, root, Schemas.TABLES);
  }

  /** Registers {@code tables} (result table names) as temporary views of their own names. */
  public static void registerViews(SparkSession spark, String root, Collection<String> tables) {
    DeltaStore store = new DeltaStore(root, spark.sparkContext().hadoopConfiguration());
    Dataset<Row> trials = readAll(spark, store, Schemas.TRIALS); // one listing of trials serves every view
    for (String table : tables) {
      Dataset<Row> rows = Schemas.TRIALS.equals(table) ? trials : readAll(spark, store, table);
      landedOnly(rows, table, trials).createOrReplaceTempView(table);
    }
  }
}
