package dev.meanflow.core.trial;

import dev.meanflow.core.spec.TrialSpec;
import java.util.List;

/**
 * What one trial produced. Never thrown away on failure: a FAILED or DIVERGED trial carries its message and whatever
 * it measured before stopping.
 *
 * @param spec the trial as run
 * @param status how it ended
 * @param message null when OK; the reason otherwise
 * @param device the device that actually ran it (e.g. {@code cpu} after a GPU fallback)
 * @param iterationsDone optimizer steps taken
 * @param finalLoss mean loss over the last loss window (NaN when none)
 * @param setupSeconds model creation and engine warm-up
 * @param trainSeconds training wall time
 * @param evalSeconds sampling and metrics wall time over all step counts
 * @param iterationsPerSecond {@code iterationsDone / trainSeconds}
 * @param losses the loss curve at {@code spec.lossPoints()} points at most
 * @param evaluations one entry per evaluated step count, in the spec's order
 */
public record TrialResult(
    TrialSpec spec,
    TrialStatus status,
    String message,
    String device,
    int iterationsDone,
    double finalLoss,
    double setupSeconds,
    double trainSeconds,
    double evalSeconds,
    double iterationsPerSecond,
    List<LossPoint> losses,
    List<StepEvaluation> evaluations) {

  public TrialResult {
    losses = List.copyOf(losses);
    evaluations = List.copyOf(evaluations);
  }

  public String trialId() {
    return spec.id();
  }
}
