package dev.meanflow.jobs.maintain;

import dev.meanflow.core.spec.Problem;
import dev.meanflow.jobs.OutputRoot;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.RunClaims;
import dev.meanflow.jobs.store.TrialLedger;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code meanflow verify ROOT}: checks every table against {@code trials}. Each landed trial must have exactly the
 * rows its trials row counted in evals, losses and samples, and land once. Exit 1 when a row set is missing or
 * duplicated (the next run of its sweep repairs it); rows of attempts that never landed are reported, not failed.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check every result table against trials: missing or duplicated row sets (exit 1).")
public final class VerifyCommand implements Callable<Integer> {
  private final PrintStream out;
  private final PrintStream err;

  @Parameters(index = "0", paramLabel = "ROOT", description = "Output root of one or more sweeps.")
  String root;

  public VerifyCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() {
    Optional<Problem> noTables = new OutputRoot(root).readProblem("ROOT");
    if (noTables.isPresent()) {
      err.println(noTables.get().message());
      return 2;
    }
    DeltaStore store = DeltaStore.open(root);
    TrialLedger ledger = TrialLedger.read(store, null);
    List<TrialLedger.Damage> damage = ledger.damage();
    Map<TrialLedger.Attempt, Map<String, Integer>> orphans = ledger.orphans();
    out.printf("%s: %d landed trial(s), %d with missing or duplicated rows, %d unlanded attempt(s)%n", root,
        ledger.landedTrials(), damage.stream().map(TrialLedger.Damage::trial).distinct().count(), orphans.size());
    damage.forEach(d -> out.println("  " + d.describe()));
    RunClaims runs = RunClaims.observe(store);
    orphans.forEach((attempt, rows) -> out.println("  unlanded: " + attempt.trial().sweep() + " / "
        + attempt.trial().trialId() + " attempt " + attempt.attemptId() + " " + rows + (runs.isLive(attempt.runId())
        ? " (its run is live: still landing)" : " (invisible to readers; removed by the next run or compact)")));
    if (!damage.isEmpty()) {
      out.println("the next run of each sweep named above removes and reruns those trials");
      return 1;
    }
    return 0;
  }
}
