package dev.meanflow.jobs.report;

import dev.meanflow.core.trial.TrialStatus;
import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/** One row of the trials table, with every config value already turned into display text. */
record TrialRecord(
    String sweep,
    String runId,
    String trialId,
    Map<String, String> spec,
    TrialStatus status,
    String message,
    String device,
    int iterationsDone,
    double finalLoss,
    double trainSeconds,
    double iterationsPerSecond,
    Map<String, String> provenance,
    Timestamp startedAt,
    Timestamp finishedAt) {

  String flow() {
    return spec.get("flow");
  }

  String direction() {
    return spec.get("direction");
  }

  String target() {
    return spec.get("target");
  }

  String seed() {
    return spec.get("seed");
  }

  String host() {
    return provenance.get("host");
  }

  boolean ok() {
    return status == TrialStatus.OK;
  }

  static TrialRecord fromRow(Row row) {
    Map<String, String> spec = new LinkedHashMap<>();
    for (String column : TrialColumns.SPEC) {
      spec.put(column, text(row, column));
    }
    Map<String, String> provenance = new LinkedHashMap<>();
    for (String column : TrialColumns.PROVENANCE) {
      provenance.put(column, text(row, column));
    }
    return new TrialRecord(
        text(row, "sweep"), text(row, "run_id"), text(row, "trial_id"), spec,
        TrialStatus.valueOf(text(row, "status")),
        text(row, "message"), text(row, "device"), intOr(row, "iterations_done"), doubleOr(row, "final_loss"),
        doubleOr(row, "train_seconds"), doubleOr(row, "iterations_per_second"), provenance,
        row.getAs("started_at"), row.getAs("finished_at"));
  }

  /** Display text of any cell; numbers in the compact form used in labels, arrays as 1,2,4. */
  static String text(Row row, String column) {
    int i = row.fieldIndex(column);
    if (row.isNullAt(i)) {
      return "";
    }
    Object value = row.get(i);
    if (value instanceof Double || value instanceof Float) {
      return Format.number(((Number) value).doubleValue());
    }
    if (value instanceof scala.collection.Seq<?> || value instanceof List<?>) {
      List<Object> items = row.getList(i);
      return String.join(",", items.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }

  private static int intOr(Row row, String column) {
    int i = row.fieldIndex(column);
    return row.isNullAt(i) ? 0 : ((Number) row.get(i)).intValue();
  }

  private static double doubleOr(Row row, String column) {
    int i = row.fieldIndex(column);
    return row.isNullAt(i) ? Double.NaN : ((Number) row.get(i)).doubleValue();
  }
}
