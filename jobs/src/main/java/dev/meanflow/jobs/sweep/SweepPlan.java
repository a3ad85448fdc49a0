package dev.meanflow.jobs.sweep;

import dev.meanflow.core.spec.TrialIdentity;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.config.SweepDefinition;
import dev.meanflow.jobs.store.TrialLedger;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * What a run of a sweep has to do, decided from the ledger alone (no Spark): the trials that have not landed with
 * all their rows, in grid order, and among them those whose landed rows are damaged and must be removed first.
 *
 * @param doneUnderV1 trials done under their version-1 id (tables written before trial-id version 2): never rerun
 */
public record SweepPlan(List<TrialSpec> pending, int alreadyDone, int doneUnderV1, Set<String> repair) {

  /** @param maxTrials plan at most this many pending trials (0 = all), e.g. to split a long sweep */
  public static SweepPlan of(SweepDefinition sweep, TrialLedger ledger, int maxTrials) {
    Set<String> done = ledger.completeTrialIds(sweep.name());
    Predicate<TrialSpec> isDone = t -> done.contains(t.id())
        || TrialIdentity.legacyV1Id(t).map(done::contains).orElse(false);
    List<TrialSpec> pending = sweep.trials().stream()
        .filter(isDone.negate())
        .limit(maxTrials > 0 ? maxTrials : Long.MAX_VALUE)
        .toList();
    Set<String> damaged = new TreeSet<>();
    ledger.damage().stream().filter(d -> d.trial().sweep().equals(sweep.name()))
        .forEach(d -> damaged.add(d.trial().trialId()));
    Set<String> repair = new TreeSet<>();
    pending.stream().map(TrialSpec::id).filter(damaged::contains).forEach(repair::add);
    int alreadyDone = (int) sweep.trials().stream().filter(isDone).count();
    int underV1 = (int) sweep.trials().stream().filter(t -> !done.contains(t.id()) && isDone.test(t)).count();
    return new SweepPlan(pending, alreadyDone, underV1, repair);
  }

  public boolean nothingToRun() {
    return pending.isEmpty();
  }
}
