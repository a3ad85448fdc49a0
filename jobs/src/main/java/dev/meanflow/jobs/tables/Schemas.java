package dev.meanflow.jobs.tables;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.trial.TrainingHealth;
import dev.meanflow.core.trial.TruthErrors;
import java.util.List;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The explicit schemas of the four result tables (see the README for what each column means). The knob columns
 * of {@code trials} come from the knob registry and the metric columns of {@code evals} from the metric registry.
 */
public final class Schemas {
  private Schemas() {}

  /**
   * Bumped whenever a column changes meaning or type; every row carries it. Version 2: trial ids of version 2.
   * Version 3: Delta tables, {@code attempt_id} on every row, row counts on the trials row.
   */
  public static final int VERSION = 3;

  public static final String TRIALS = "trials";
  public static final String EVALS = "evals";
  public static final String LOSSES = "losses";
  public static final String SAMPLES = "samples";
  public static final List<String> TABLES = List.of(TRIALS, EVALS, LOSSES, SAMPLES);
  /** The tables that hold many rows per trial, each counted on the trials row ({@link #rowCountColumn}). */
  public static final List<String> PER_TRIAL_TABLES = List.of(EVALS, LOSSES, SAMPLES);

  /** How a trial ended and what it measured. */
  private static final StructType OUTCOME = new StructType()
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
      .add("finished_at", TimestampType, true);
  /** What code ran a trial, and on which host: the report's provenance table. */
  private static final StructType VERSIONS = new StructType()
      .add("git_commit", StringType, true)
      .add("project_version", StringType, true)
      .add("djl_version", StringType, true)
      .add("libtorch_version", StringType, true)
      .add("spark_version", StringType, true)
      .add("java_version", StringType, true)
      .add("os_arch", StringType, true)
      .add("host", StringType, true);
  /** Which Spark executor, process and task attempt ran it. */
  private static final StructType EXECUTION = new StructType()
      .add("executor_id", StringType, true)
      .add("pid", LongType, true)
      .add("task_attempt", IntegerType, true);

  /** The network against the exact flow ({@link TruthErrors}) and how training behaved ({@link TrainingHealth}). */
  private static final StructType SCIENCE = science();

  /** The fused group the trial trained in ({@link FusionPlace}). */
  private static final StructType FUSION = new StructType()
      .add("fusion_group", StringType, true)
      .add("fusion_size", IntegerType, true)
      .add("fusion_position", IntegerType, true);

  /** Where the trial stands in a halving search ({@link RungPlace}); null in a grid search. */
  private static final StructType SEARCH = new StructType()
      .add("search_cell", StringType, true)
      .add("rung", IntegerType, true)
      .add("rungs", IntegerType, true)
      .add("resumed_from", IntegerType, true)
      .add("cell_iterations", IntegerType, true)
      .add("search_metric", StringType, true)
      .add("search_steps", IntegerType, true);

  public static final StructType TRIALS_SCHEMA = trials();
  public static final StructType EVALS_SCHEMA = evals(List.of(Metric.values()));
  public static final StructType LOSSES_SCHEMA = key()
      .add("rung", IntegerType, true)
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

  /** The trials column that says how many rows the trial landed in {@code table} (one of the per-trial tables). */
  public static String rowCountColumn(String table) {
    return table + "_rows";
  }

  /** The fields of {@code schema} named, in that order. */
  public static StructType project(StructType schema, String... names) {
    StructType out = new StructType();
    for (String name : names) {
      out = out.add(schema.apply(name));
    }
    return out;
  }

  /** The version and host columns of {@code trials}, in table order. */
  public static List<String> versionColumns() {
    return List.of(VERSIONS.fieldNames());
  }

  private static StructType key() {
    return new StructType()
        .add("schema_version", IntegerType, false)
        .add("sweep", StringType, false)
        .add("run_id", StringType, false)
        // which attempt at the trial wrote the row: a trial's rows are those of the attempt its trials row names
        .add("attempt_id", StringType, false)
        .add("trial_id", StringType, false);
  }

  private static StructType trials() {
    StructType s = key().add("id_version", IntegerType, true);
    for (Knob<?> knob : Knobs.REGISTRY.knobs()) {
      s = s.add(KnobColumns.column(knob), KnobColumns.sparkType(knob.type()), true);
    }
    for (String table : PER_TRIAL_TABLES) {
      s = s.add(rowCountColumn(table), IntegerType, false);
    }
    for (StructType part : List.of(OUTCOME, SCIENCE, VERSIONS, EXECUTION, FUSION, SEARCH)) {
      for (StructField field : part.fields()) {
        s = s.add(field);
      }
    }
    return s;
  }

  /** The trials column of the du/dt error by central differences at step {@code h}, e.g. dudt_error_fd_1e_3. */
  public static String finiteDifferenceColumn(double h) {
    return "dudt_error_fd_" + String.format(java.util.Locale.ROOT, "%.0e", h).replace("-0", "_").replace('-', '_');
  }

  /** The evals column of {@code metric}'s oracle value (its floor), e.g. oracle_cell_tv. */
  public static String oracleColumn(Metric metric) {
    return "oracle_" + metric.column();
  }

  private static StructType science() {
    StructType s = new StructType()
        .add("truth_error", DoubleType, true)
        .add("truth_scale", DoubleType, true)
        .add("dudt_error_jvp", DoubleType, true);
    for (double h : TruthErrors.FD_STEPS) {
      s = s.add(finiteDifferenceColumn(h), DoubleType, true);
    }
    return s.add("dudt_scale", DoubleType, true)
        .add("first_nonfinite_iteration", IntegerType, true)
        .add("loss_spikes", IntegerType, true)
        .add("max_grad_norm", DoubleType, true);
  }

  /** The evals schema with the metric columns in {@code order} (the registry's, except in tests), then oracles. */
  static StructType evals(List<Metric> order) {
    StructType s = key().add("rung", IntegerType, true).add("steps", IntegerType, false);
    for (Metric m : order) {
      s = s.add(m.column(), DoubleType, true);
    }
    s = s.add("eval_seconds", DoubleType, true);
    for (Metric m : order) {
      s = s.add(oracleColumn(m), DoubleType, true);
    }
    return s;
  }
}
