package dev.meanflow.jobs.report;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The result tables' schemas exactly as the contract states them (the sweep branch owns the real writer). */
final class ResultTableSchemas {
  static final int SCHEMA_VERSION = 1;

  private ResultTableSchemas() {}

  private static StructType keys() {
    return new StructType()
        .add("schema_version", IntegerType)
        .add("sweep", StringType)
        .add("run_id", StringType)
        .add("trial_id", StringType);
  }

  static StructType trials() {
    return keys()
        .add("flow", StringType).add("direction", StringType).add("target", StringType)
        .add("grid_size", IntegerType).add("scale", DoubleType).add("width", IntegerType).add("depth", IntegerType)
        .add("conditioning", StringType).add("iterations", IntegerType).add("batch", IntegerType)
        .add("lr", DoubleType).add("r_neq_t_share", DoubleType).add("time_sampling", StringType)
        .add("logit_mu", DoubleType).add("logit_sigma", DoubleType).add("adaptive_p", DoubleType)
        .add("adaptive_c", DoubleType).add("orientation", StringType).add("sampler", StringType)
        .add("jvp", StringType).add("seed", LongType).add("device_requested", StringType)
        .add("threads", IntegerType).add("eval_samples", IntegerType)
        .add("eval_steps", DataTypes.createArrayType(IntegerType)).add("loss_points", IntegerType)
        .add("kept_samples", IntegerType)
        .add("spec", StringType).add("status", StringType).add("message", StringType).add("device", StringType)
        .add("gpu_address", StringType).add("iterations_done", IntegerType).add("final_loss", DoubleType)
        .add("setup_seconds", DoubleType).add("train_seconds", DoubleType).add("eval_seconds", DoubleType)
        .add("iterations_per_second", DoubleType).add("started_at", TimestampType)
        .add("finished_at", TimestampType)
        .add("git_commit", StringType).add("project_version", StringType).add("djl_version", StringType)
        .add("libtorch_version", StringType).add("spark_version", StringType).add("java_version", StringType)
        .add("os_arch", StringType).add("host", StringType).add("executor_id", StringType).add("pid", LongType)
        .add("task_attempt", IntegerType);
  }

  static StructType evals() {
    StructType schema = keys().add("steps", IntegerType);
    for (String metric : new String[] {"in_support", "cell_tv", "covered_cells", "mmd", "energy", "swd", "ks_x",
        "ks_y", "ks_x_p", "ks_y_p"}) {
      schema = schema.add(metric, DoubleType);
    }
    return schema.add("eval_seconds", DoubleType);
  }

  static StructType losses() {
    return keys().add("iteration", IntegerType).add("loss", DoubleType);
  }

  static StructType samples() {
    return keys().add("steps", IntegerType).add("idx", IntegerType).add("x", FloatType).add("y", FloatType);
  }
}
