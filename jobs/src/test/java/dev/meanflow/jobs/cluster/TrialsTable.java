package dev.meanflow.jobs.cluster;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Reads the {@code trials} table of a sweep output root with a small local session in the test JVM. */
final class TrialsTable {
  /** The columns of one trials row that the cluster tests check. */
  record TrialRow(String trialId, String status, String device, String gpuAddress, String executorId, long pid,
      int taskAttempt, Timestamp startedAt, Timestamp finishedAt) {}

  private TrialsTable() {}

  static List<TrialRow> read(Path output) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("read-trials")
        .config("spark.ui.enabled", "false").getOrCreate();
    List<Row> rows = spark.read().option("recursiveFileLookup", "true")
        .parquet(output.resolve("trials").toString())
        .select("trial_id", "status", "device", "gpu_address", "executor_id", "pid", "task_attempt",
            "started_at", "finished_at")
        .collectAsList();
    return rows.stream().map(r -> new TrialRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
        r.getString(4), r.getLong(5), r.getInt(6), r.getTimestamp(7), r.getTimestamp(8)))
        .collect(Collectors.toList());
  }

  static void stopSession() {
    if (SparkSession.getDefaultSession().isDefined()) {
      SparkSession.getDefaultSession().get().stop();
    }
  }
}
