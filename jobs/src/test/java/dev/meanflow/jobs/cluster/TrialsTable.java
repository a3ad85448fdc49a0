package dev.meanflow.jobs.cluster;

import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.tables.Schemas;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Reads the {@code trials} table of a sweep output root through Delta Kernel: no Spark in the test JVM. */
final class TrialsTable {
  /** The columns of one trials row that the cluster tests check. */
  record TrialRow(String trialId, String status, String deviceRequested, String device, String gpuAddress,
      String executorId, long pid, int taskAttempt, Timestamp startedAt, Timestamp finishedAt) {}

  private TrialsTable() {}

  static List<TrialRow> read(Path output) {
    StructType columns = Schemas.project(Schemas.TRIALS_SCHEMA, "trial_id", "status", "device_requested", "device",
        "gpu_address", "executor_id", "pid", "task_attempt", "started_at", "finished_at");
    List<Row> rows = DeltaStore.open(output.toString()).scan(Schemas.TRIALS, columns, Optional.empty());
    return rows.stream().map(r -> new TrialRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
        r.getString(4), r.getString(5), r.getLong(6), r.getInt(7), r.getTimestamp(8), r.getTimestamp(9)))
        .collect(Collectors.toList());
  }
}
