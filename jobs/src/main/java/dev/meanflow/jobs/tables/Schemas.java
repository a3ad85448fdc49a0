package dev.meanflow.jobs.tables;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.meanflow.jobs.config.SpecField;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The explicit schemas of the four result tables (see the README for what each column means). */
public final class Schemas {
  private Schemas() {}

  /** Bumped whenever a column changes meaning or type; every row carries it. */
  public static final int VERSION = 1;

  public static final String TRIALS = "trials";
  public static final String EVALS = "evals";
  public static final String LOSSES = "losses";
  public static final String SAMPLES = "samples";
  /** Write order of a flush: {@code trials} last, so a flush is committed iff its trials folder exists. */
  public static final List<String> TABLES = List.of(EVALS, LOSSES, SAMPLES, TRIALS);

  public static final StructType TRIALS_SCHEMA = trials();
  public static final StructType EVALS_SCHEMA = evals();
  public static final StructType LOSSES_SCHEMA = key()
      .add("iteration", IntegerType, false)
      .add("loss", DoubleType, true);
  public static final StructType SAMPLES_SCHEMA = key()
      .add("steps", IntegerType, false)
      .add("idx", IntegerType, false)
      .add("x", FloatType, false)
      .add("y", FloatType, false);

  public static StructType of(String table) {
    return switch (table) {
      case TRIALS -> TRIALS_SCHEMA;
      case EVALS -> EVALS_SCHEMA;
      case LOSSES -> LOSSES_SCHEMA;
      case SAMPLES -> SAMPLES_SCHEMA;
      default -> throw new IllegalArgumentException(
          "'" + table + "' is not a result table: must be one of " + TABLES);
    };
  }

  private static StructType key() {
    return new StructType()
        .add("schema_version", IntegerType, false)
        .add("sweep", StringType, false)
        .add("run_id", StringType, false)
        .add("trial_id", StringType, false);
  }

  private static StructType trials() {
    List<StructField> fields = new ArrayList<>(List.of(key().fields()));
    for (SpecField<?> f : SpecField.ALL) {
      DataType type = f.type().sparkType();
      fields.add(DataTypes.createStructField(f.column(), type, true));
    }
    StructType base = new StructType(fields.toArray(new StructField[0]));
    return base
        .add("spec", StringType, false)
        .add("status", StringType, false)
        .add("message", StringType, true)
        .add("device", StringType, true)
        .add("gpu_address", StringType, true)
        .add("iterations_done", IntegerType, false)
        .add("final_loss", DoubleType, true)
        .add("setup_seconds", DoubleType, true)
        .add("train_seconds", DoubleType, true)
        .add("eval_seconds", DoubleType, true)
        .add("iterations_per_second", DoubleType, true)
        .add("started_at", TimestampType, true)
        .add("finished_at", TimestampType, true)
        .add("git_commit", StringType, true)
        .add("project_version", StringType, true)
        .add("djl_version", StringType, true)
        .add("libtorch_version", StringType, true)
        .add("spark_version", StringType, true)
        .add("java_version", StringType, true)
        .add("os_arch", StringType, true)
        .add("host", StringType, true)
        .add("executor_id", StringType, true)
        .add("pid", LongType, true)
        .add("task_attempt", IntegerType, true);
  }

  private static StructType evals() {
    StructType s = key().add("steps", IntegerType, false);
    for (Metric m : Metric.values()) {
      s = s.add(m.column(), DoubleType, true);
    }
    return s.add("eval_seconds", DoubleType, true);
  }
}
