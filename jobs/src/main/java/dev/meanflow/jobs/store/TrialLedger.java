package dev.meanflow.jobs.store;

import dev.meanflow.jobs.tables.Schemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What the tables under a root hold, trial by trial: which trials landed (their trials row), whether each
 * per-trial table holds exactly the rows the trials row counted for that attempt, and which rows belong to
 * attempts that never landed (orphans). Read through Kernel from the key columns only; resume, verify and compact
 * all decide from it.
 */
public final class TrialLedger {
  public record TrialKey(String sweep, String trialId) {}

  /** One attempt at a trial: the rows it wrote in every table carry its id. */
  public record Attempt(TrialKey trial, String attemptId, String runId) {}

  /** A landed trial whose rows do not match its trials row: {@code found} rows of {@code table}, not {@code expected}. */
  public record Damage(TrialKey trial, String table, int expected, int found) {
    public String describe() {
      String what = found < expected ? "missing " + (expected - found) : "duplicated " + (found - expected);
      return trial.sweep() + " / " + trial.trialId() + ": " + table + " " + what + " of " + expected + " row(s)"
          + (Schemas.TRIALS.equals(table) ? " (the trial landed " + found + " times)" : "");
    }
  }

  private static final StructType TRIAL_COLUMNS = trialColumns();
  private static final StructType ROW_KEY = Schemas.project(Schemas.EVALS_SCHEMA, "sweep", "trial_id", "attempt_id",
      "run_id");

  private final Map<TrialKey, List<Row>> landed;
  private final Map<Attempt, Map<String, Integer>> rowsByAttempt;

  private TrialLedger(Map<TrialKey, List<Row>> landed, Map<Attempt, Map<String, Integer>> rowsByAttempt) {
    this.landed = landed;
    this.rowsByAttempt = rowsByAttempt;
  }

  /** The ledger of every sweep under the store's root, or of one when {@code sweep} is not null. */
  public static TrialLedger read(DeltaStore store, String sweep) {
    Map<TrialKey, List<Row>> landed = new TreeMap<>(java.util.Comparator.comparing(TrialKey::sweep)
        .thenComparing(TrialKey::trialId));
    for (Row r : store.scan(Schemas.TRIALS, TRIAL_COLUMNS, Optional.empty())) {
      if (sweep == null || sweep.equals(r.getAs("sweep"))) {
        landed.computeIfAbsent(new TrialKey(r.getAs("sweep"), r.getAs("trial_id")), k -> new ArrayList<>()).add(r);
      }
    }
    Map<Attempt, Map<String, Integer>> rows = new HashMap<>();
    for (String table : Schemas.PER_TRIAL_TABLES) {
      for (Row r : store.scan(table, ROW_KEY, Optional.empty())) {
        if (sweep == null || sweep.equals(r.getString(0))) {
          Attempt a = new Attempt(new TrialKey(r.getString(0), r.getString(1)), r.getString(2), r.getString(3));
          rows.computeIfAbsent(a, k -> new HashMap<>()).merge(table, 1, Integer::sum);
        }
      }
    }
    return new TrialLedger(landed, rows);
  }

  /** The attempt id of every trials row under the store's root, read now. */
  public static Set<String> landedAttemptIds(DeltaStore store) {
    return store.scan(Schemas.TRIALS, Schemas.project(Schemas.TRIALS_SCHEMA, "attempt_id"), Optional.empty())
        .stream().map(r -> r.getString(0)).collect(Collectors.toSet());
  }

  /** Ids of the trials of {@code sweep} that landed once with all their rows: done, never rerun. */
  public Set<String> completeTrialIds(String sweep) {
    Set<TrialKey> damaged = damage().stream().map(Damage::trial).collect(Collectors.toSet());
    return landed.keySet().stream().filter(k -> k.sweep().equals(sweep) && !damaged.contains(k))
        .map(TrialKey::trialId).collect(Collectors.toSet());
  }

  public int landedTrials() {
    return landed.size();
  }

  /** Every landed trial whose rows in some table differ from what its trials row counted, table by table. */
  public List<Damage> damage() {
    List<Damage> out = new ArrayList<>();
    landed.forEach((trial, rows) -> {
      if (rows.size() > 1) {
        out.add(new Damage(trial, Schemas.TRIALS, 1, rows.size()));
        return;
      }
      Row t = rows.get(0);
      Map<String, Integer> found = rowsByAttempt.getOrDefault(new Attempt(trial, t.getAs("attempt_id"),
          t.getAs("run_id")), Map.of());
      for (String table : Schemas.PER_TRIAL_TABLES) {
        int expected = t.<Integer>getAs(Schemas.rowCountColumn(table));
        int n = found.getOrDefault(table, 0);
        if (n != expected) {
          out.add(new Damage(trial, table, expected, n));
        }
      }
    });
    return out;
  }

  /** Attempts with rows in some per-trial table but no trials row: crashed or lost, invisible to readers. */
  public Map<Attempt, Map<String, Integer>> orphans() {
    Set<String> landedAttempts = landed.values().stream().flatMap(List::stream)
        .map(r -> r.<String>getAs("attempt_id")).collect(Collectors.toSet());
    Map<Attempt, Map<String, Integer>> out = new LinkedHashMap<>();
    rowsByAttempt.forEach((attempt, rows) -> {
      if (!landedAttempts.contains(attempt.attemptId())) {
        out.put(attempt, rows);
      }
    });
    return out;
  }

  private static StructType trialColumns() {
    List<String> names = new ArrayList<>(List.of("sweep", "trial_id", "attempt_id", "run_id"));
    Schemas.PER_TRIAL_TABLES.forEach(t -> names.add(Schemas.rowCountColumn(t)));
    return Schemas.project(Schemas.TRIALS_SCHEMA, names.toArray(new String[0]));
  }
}
