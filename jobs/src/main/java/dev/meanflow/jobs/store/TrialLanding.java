package dev.meanflow.jobs.store;

import static io.delta.kernel.expressions.Literal.ofString;

import dev.meanflow.jobs.tables.Schemas;
import dev.meanflow.jobs.tables.TrialRows;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Transaction;
import io.delta.kernel.exceptions.ConcurrentTransactionException;
import io.delta.kernel.exceptions.KernelException;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.SnapshotImpl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.types.StructType;

/**
 * Commits one finished trial, exactly once across runs, retries and crashes. Its evals, losses and samples rows are
 * appended first (each table its own commit), its {@code trials} row last, in a commit that carries the Delta
 * transaction id {@code meanflow:<sweep>:<trial id>}: Delta accepts one such commit per version and rejects a
 * concurrent or repeated one. A trial has landed iff its trials row is there; rows of an attempt that lost (or a
 * crash before its trials commit) stay invisible to readers, which join on {@code attempt_id}, until
 * {@link TableMaintenance} removes them.
 */
public final class TrialLanding {
  /** How a landing ended. */
  public enum Result {
    /** This attempt's rows are the trial's rows now. */
    LANDED,
    /** The trial had landed before (another run, or an earlier attempt); nothing was written. */
    ALREADY_LANDED,
    /** Another run landed the trial while this attempt was committing; this attempt's rows are orphans. */
    LOST_RACE
  }

  /** What became of one trial's rows, and when its trials commit ended. */
  public record Landing(String trialId, Result result, Instant at, Duration took) {}

  /** Sees a landing between its data commits and its trials commit: the window a crash leaves orphans in. */
  @FunctionalInterface
  public interface Observer {
    Observer NONE = trialId -> {};

    void dataCommitted(String trialId);
  }

  private static final String ATTEMPT = "attempt_id";
  private static final StructType TRIAL_KEY = Schemas.project(Schemas.TRIALS_SCHEMA, "sweep", "trial_id", ATTEMPT);

  private final DeltaStore store;
  private final Observer observer;

  public TrialLanding(DeltaStore store, Observer observer) {
    this.store = store;
    this.observer = observer;
  }

  /** The Delta transaction id of a trial: one landing per version of it. */
  static String applicationId(String sweep, String trialId) {
    return "meanflow:" + sweep + ":" + trialId;
  }

  /** Whether a trial has landed (a run checks before training a trial another run may have landed meanwhile). */
  public boolean hasLanded(String sweep, String trialId) {
    return landedVersion(trialsSnapshot(), sweep, trialId).isPresent() && hasTrialRow(sweep, trialId);
  }

  private Snapshot trialsSnapshot() {
    return store.snapshot(Schemas.TRIALS)
        .orElseThrow(() -> new IllegalStateException("no trials table under " + store.root()));
  }

  /** The version of the trial's transaction id on record: present once the trial landed (even if deleted since). */
  private Optional<Long> landedVersion(Snapshot trials, String sweep, String trialId) {
    return ((SnapshotImpl) trials).getLatestTransactionVersion(store.engine(), applicationId(sweep, trialId));
  }

  public Landing land(String sweep, TrialRows rows) {
    long t0 = System.nanoTime();
    String app = applicationId(sweep, rows.trialId());
    Snapshot trials = trialsSnapshot();
    // A version is on record once the trial landed; if its row is gone (deleted for repair), land the next version.
    Optional<Long> landedVersion = landedVersion(trials, sweep, rows.trialId());
    if (landedVersion.isPresent() && hasTrialRow(sweep, rows.trialId())) {
      return new Landing(rows.trialId(), Result.ALREADY_LANDED, Instant.now(), Duration.ofNanos(System.nanoTime() - t0));
    }
    Stream.of(Schemas.EVALS, Schemas.LOSSES, Schemas.SAMPLES).parallel()
        .filter(table -> !rows.rows(table).isEmpty())
        .forEach(table -> store.append(table, rows.rows(table)));
    observer.dataCommitted(rows.trialId());
    Transaction txn = trials.buildUpdateTableTransaction(DeltaStore.ENGINE_INFO, Operation.WRITE)
        .withTransactionId(app, landedVersion.orElse(0L) + 1)
        .build(store.engine());
    try {
      store.append(txn, Schemas.TRIALS, List.of(rows.trial()));
    } catch (ConcurrentTransactionException e) {
      return new Landing(rows.trialId(), Result.LOST_RACE, Instant.now(), Duration.ofNanos(System.nanoTime() - t0));
    } catch (KernelException e) {
      // e.g. a commit whose outcome is unknown after a retry: the table says whether this attempt landed
      Optional<String> landed = landedAttempt(sweep, rows.trialId());
      if (landed.isEmpty()) {
        throw e;
      }
      Result result = landed.get().equals(rows.trial().getString(Schemas.TRIALS_SCHEMA.fieldIndex(ATTEMPT))) ? Result.LANDED : Result.LOST_RACE;
      return new Landing(rows.trialId(), result, Instant.now(), Duration.ofNanos(System.nanoTime() - t0));
    }
    return new Landing(rows.trialId(), Result.LANDED, Instant.now(), Duration.ofNanos(System.nanoTime() - t0));
  }

  private boolean hasTrialRow(String sweep, String trialId) {
    return landedAttempt(sweep, trialId).isPresent();
  }

  /** The attempt whose trials row is there for this trial, if any. */
  private Optional<String> landedAttempt(String sweep, String trialId) {
    Predicate skip = new Predicate("AND", new Predicate("=", new Column("sweep"), ofString(sweep)),
        new Predicate("=", new Column("trial_id"), ofString(trialId)));
    return store.scan(Schemas.TRIALS, TRIAL_KEY, Optional.of(skip)).stream()
        .filter(r -> sweep.equals(r.getString(0)) && trialId.equals(r.getString(1)))
        .map(r -> r.getString(2)).findFirst();
  }
}
