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
  record TrialRow(String trialId, String status, String deviceRequested, String device, String gpuAddress,
      String executorId, long pid, int taskAttempt, Timestamp startedAt, Timestamp finishedAt) {}

  private TrialsTable() {}

  static List<TrialRow> read(Path output) {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("read-trials")
        .config("spark.ui.enabled", "false").getOrCreate();
    List<Row> rows = spark.read().option("recursiveFileLookup", "true")
        .parquet(output.resolve("trials").toString())
        .select("trial_id", "status", "device_requested", "device", "gpu_address", "executor_id", "pid", "task_attempt",
            "started_at", "finished_at")
        .collectAsList();
    return rows.stream().map(r -> new TrialRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
        r.getString(4), r.getString(5), r.getLong(6), r.getInt(7), r.getTimestamp(8), r.getTimestamp(9)))
        .collect(Collectors.toList());
  }

  static void stopSession() {
    if (SparkSession.getDefaultSession().isDefined()) {
      SparkSession.getDefaultSession().get().stop();
    }
  }
}
