package dev.meanflow.jobs.tables;

import dev.meanflow.core.trial.TrialStatus;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Every row one trial contributes to the four tables, built on the executor and shipped to the driver, which lands
 * it at once. The seconds and the trial's end are repeated outside the rows for the driver's timings; setup and
 * training seconds are the trial's share of its fused group's (divided by the group's size).
 */
public record TrialRows(String trialId, TrialStatus status, double setupSeconds, double trainSeconds,
    double evalSeconds, Instant finished, Row trial, ArrayList<Row> evals, ArrayList<Row> losses,
    ArrayList<Row> samples)
    implements Serializable {

  public List<Row> rows(String table) {
    return switch (table) {
      case Schemas.TRIALS -> List.of(trial);
      case Schemas.EVALS -> evals;
      case Schemas.LOSSES -> losses;
      case Schemas.SAMPLES -> samples;
      default -> throw new IllegalArgumentException("unknown table " + table);
    };
  }
}
