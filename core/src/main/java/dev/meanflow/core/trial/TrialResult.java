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
 * @param truth the trained network against the exact fields ({@link TruthErrors#NONE} when not compared)
 * @param health divergence as data: first non-finite loss, loss spikes, largest gradient norm
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
    List<StepEvaluation> evaluations,
    TruthErrors truth,
    TrainingHealth health) {

  public TrialResult {
    losses = List.copyOf(losses);
    evaluations = List.copyOf(evaluations);
  }

  /** A result that measured neither truth nor training health (a trial that never trained, a stand-in). */
  public TrialResult(TrialSpec spec, TrialStatus status, String message, String device, int iterationsDone,
      double finalLoss, double setupSeconds, double trainSeconds, double evalSeconds, double iterationsPerSecond,
      List<LossPoint> losses, List<StepEvaluation> evaluations) {
    this(spec, status, message, device, iterationsDone, finalLoss, setupSeconds, trainSeconds, evalSeconds,
        iterationsPerSecond, losses, evaluations, TruthErrors.NONE, TrainingHealth.NONE);
  }

  public String trialId() {
    return spec.id();
  }
}
