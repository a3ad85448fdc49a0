package dev.meanflow.jobs.store;

import static org.apache.spark.sql.functions.col;

import dev.meanflow.jobs.tables.Schemas;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/**
 * What changes rows already written, through Delta on Spark: schema evolution, removing a damaged trial before it
 * reruns, removing orphans of attempts that never landed, and compaction. Only run while no trial trains in this
 * application (before a sweep's trials start or after they end), since each is a Spark job.
 */
public final class TableMaintenance {
  private TableMaintenance() {}

  /**
   * Adds the columns of this version's schemas that existing tables lack (new knobs, new metrics); older rows read
   * them as null. Returns the columns added, as {@code table.column}.
   *
   * @throws IllegalStateException when a column exists with another type
   */
  public static List<String> evolve(SparkSession spark, DeltaStore store) {
    List<String> added = new ArrayList<>();
    for (String table : Schemas.TABLES) {
      var snapshot = store.snapshot(table);
      if (snapshot.isEmpty()) {
        continue;
      }
      var existing = snapshot.get().getSchema();
      List<String> missing = new ArrayList<>();
      for (StructField f : Schemas.of(table).fields()) {
        int i = existing.indexOf(f.name());
        if (i < 0) {
          missing.add("`" + f.name() + "` " + f.dataType().sql());
          added.add(table + "." + f.name());
        } else if (!existing.at(i).getDataType().equals(KernelRows.kernelType(f.dataType()))) {
          throw new IllegalStateException("column " + table + "." + f.name() + " under " + store.root() + " is "
              + existing.at(i).getDataType() + ", this version writes " + f.dataType().sql()
              + ": write to a new --output");
        }
      }
      if (!missing.isEmpty()) {
        spark.sql("ALTER TABLE delta.`" + store.location(table) + "` ADD COLUMNS (" + String.join(", ", missing)
            + ")");
      }
    }
    return added;
  }

  /** Deletes every row of these trials of {@code sweep} from every table, trials first, so that they rerun. */
  public static void deleteTrials(SparkSession spark, DeltaStore store, String sweep, Collection<String> trialIds) {
    if (trialIds.isEmpty()) {
      return;
    }
    for (String table : Schemas.TABLES) {
      if (store.hasTable(table)) {
        DeltaTable.forPath(spark, store.location(table))
            .delete(col("sweep").equalTo(sweep).and(col("trial_id").isin(trialIds.toArray())));
      }
    }
  }

  /**
   * Deletes from the per-trial tables the rows of attempts that never landed and whose run is gone (or is the one
   * asking, at its end): a live run's unlanded rows may be a landing in progress. {@code ledger} only names the
   * candidates; whether each landed meanwhile is read again. Returns how many attempts.
   */
  public static int deleteOrphans(SparkSession spark, DeltaStore store, TrialLedger ledger, RunClaims runs) {
    Set<String> attempts = ledger.orphans().keySet().stream()
        .filter(a -> a.runId().equals(runs.runId()) || !runs.isLive(a.runId()))
        .map(TrialLedger.Attempt::attemptId).collect(Collectors.toCollection(HashSet::new));
    // The ledger may predate the liveness checks: a run that landed an attempt and ended in between made it no
    // orphan. A run found gone lands nothing more, so what has landed by now is all it ever landed.
    attempts.removeAll(TrialLedger.landedAttemptIds(store));
    if (attempts.isEmpty()) {
      return 0;
    }
    for (String table : Schemas.PER_TRIAL_TABLES) {
      if (store.hasTable(table)) {
        DeltaTable.forPath(spark, store.location(table)).delete(col("attempt_id").isin(attempts.toArray()));
      }
    }
    return attempts.size();
  }

  /** OPTIMIZE (small files into large ones), then VACUUM of files unreferenced for the table's retention. */
  public static void compact(SparkSession spark, DeltaStore store, String table) {
    DeltaTable delta = DeltaTable.forPath(spark, store.location(table));
    delta.optimize().executeCompaction();
    delta.vacuum();
  }
}
