package dev.meanflow.core.trial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.meanflow.core.distribution.Distribution;
import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.distribution.StandardGaussian;
import dev.meanflow.core.metric.QualityEvaluator;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.nn.AdamOptimizer;
import dev.meanflow.core.nn.DeviceChoice;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.objective.Batch;
import dev.meanflow.core.objective.BatchSampler;
import dev.meanflow.core.objective.Objective;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.Problem;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.time.IntervalSampler;
import dev.meanflow.core.time.TimeSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains and evaluates one trial. Thread-safe: several trials may run at once in one JVM, each on its own thread,
 * with results identical to running them one after another. Never throws: errors become a FAILED result and a
 * non-finite loss a DIVERGED one.
 */
public final class TrialRunner {

  private static final int MAX_MESSAGE = 2000;

  private TrialRunner() {}

  public static TrialResult run(TrialSpec spec) {
    return run(spec, TrainingListener.NONE, null);
  }

  /** As {@link #run(TrialSpec)}, reporting each iteration to {@code listener} and saving the trained parameters to {@code saveTo} if not null. */
  public static TrialResult run(TrialSpec spec, TrainingListener listener, Path saveTo) {
    List<Problem> problems = spec.problems();
    if (!problems.isEmpty()) {
      return failed(spec, new Progress(spec), String.join("; ", problems.stream().map(Problem::message).toList()));
    }
    Progress progress = new Progress(spec);
    boolean engineLoaded = false;
    try {
      long setupStart = System.nanoTime();
      Torch.ensureLoaded();
      engineLoaded = true;
      Torch.setThreads(spec.get(Knobs.THREADS));
      DeviceChoice choice = DeviceChoice.resolve(spec.get(Knobs.DEVICE));
      progress.device = choice.name();
      progress.note = choice.note();
      TrialRandom random = TrialRandom.of(spec.get(Knobs.SEED));
      try (TrainedModel model =
          TrainedModel.initialise(spec, NDManager.newBaseManager(choice.device()), random.init())) {
        progress.setupSeconds = seconds(setupStart);
        Distribution target = spec.get(Knobs.TARGET).create(spec);
        train(model, target, random, listener, progress);
        if (progress.diverged == null && !model.parametersFinite()) {
          progress.diverged = "parameters became non-finite in the last optimizer step";
        }
        if (progress.diverged == null) {
          evaluate(model, target, random, progress);
        }
        if (saveTo != null) {
          model.save(saveTo);
        }
      }
    } catch (Throwable e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt(); // the caller (e.g. a cancelled Spark task) still sees it
      }
      String message = (e.toString() + (progress.note == null ? "" : " (" + progress.note + ")"));
      return failed(spec, progress, message);
    } finally {
      if (engineLoaded) {
        Torch.recordGradients(false);
      }
    }
    return progress.result();
  }

  private static void train(TrainedModel model, Distribution target, TrialRandom random, TrainingListener listener,
      Progress progress) throws InterruptedException {
    TrialSpec spec = model.spec();
    TimeSampler times = new TimeSampler(spec.get(Knobs.TIME_SAMPLING), spec.get(Knobs.LOGIT_MU), spec.get(Knobs.LOGIT_SIGMA));
    BatchSampler batches = new BatchSampler(spec.get(Knobs.FLOW), spec.get(Knobs.DIRECTION), target, times,
        new IntervalSampler(times, spec.get(Knobs.ORIENTATION), spec.get(Knobs.R_NEQ_T_SHARE)));
    Objective objective = Objective.of(spec);
    AdamOptimizer optimizer = new AdamOptimizer(model.mlp().parameters(), spec.get(Knobs.LR));
    LossRecorder recorder = new LossRecorder(spec.get(Knobs.ITERATIONS), spec.get(Knobs.LOSS_POINTS));
    NDManager parent = NDManager.newBaseManager(model.mlp().device());
    long start = System.nanoTime();
    try {
      for (int it = 0; it < spec.get(Knobs.ITERATIONS); it++) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("trial interrupted at iteration " + it);
        }
        double loss;
        try (NDManager step = parent.newSubManager()) {
          Batch batch = batches.draw(spec.get(Knobs.BATCH), random.data());
          Torch.recordGradients(true);
          NDArray lossArray = objective.loss(model.mlp(), batch, step);
          loss = lossArray.getFloat();
          if (!Double.isFinite(loss)) {
            progress.diverged = "loss became " + loss + " at iteration " + it;
            break;
          }
          Torch.backward(lossArray);
          Torch.recordGradients(false);
          optimizer.step();
        } finally {
          Torch.recordGradients(false);
        }
        recorder.add(it, loss);
        progress.iterationsDone = it + 1;
        listener.onIteration(it + 1, spec.get(Knobs.ITERATIONS), loss);
      }
    } finally {
      parent.close();
      progress.trainSeconds = seconds(start);
      progress.losses = recorder.finish(progress.iterationsDone - 1);
    }
  }

  private static void evaluate(TrainedModel model, Distribution target, TrialRandom random, Progress progress) {
    TrialSpec spec = model.spec();
    // the same noise for every step count: differences between step counts are the sampler's, not the draw's
    Points noise = StandardGaussian.INSTANCE.sample(spec.get(Knobs.EVAL_SAMPLES), random.evalNoise());
    Points reference = target.sample(spec.get(Knobs.EVAL_SAMPLES), random.evalReference());
    QualityEvaluator evaluator = new QualityEvaluator(target, QualityEvaluator.DEFAULT_PAIRWISE_CAP,
        QualityEvaluator.DEFAULT_PROJECTIONS, random.metricSeed());
    long start = System.nanoTime();
    for (int steps : spec.get(Knobs.EVAL_STEPS)) {
      long stepStart = System.nanoTime();
      Points generated = model.sample(noise, steps);
      MetricValues quality = evaluator.evaluate(generated, reference);
      progress.evaluations.add(
          new StepEvaluation(steps, quality, seconds(stepStart), generated.head(spec.get(Knobs.KEPT_SAMPLES))));
    }
    progress.evalSeconds = seconds(start);
  }

  /** FAILED, keeping what the trial measured before the error. */
  private static TrialResult failed(TrialSpec spec, Progress progress, String message) {
    String trimmed = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    return new TrialResult(spec, TrialStatus.FAILED, trimmed, progress.device, progress.iterationsDone,
        lastLoss(progress.losses), progress.setupSeconds, progress.trainSeconds, progress.evalSeconds,
        rate(progress.iterationsDone, progress.trainSeconds), progress.losses, progress.evaluations);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double rate(int iterations, double seconds) {
    return seconds > 0 ? iterations / seconds : 0;
  }

  private static double lastLoss(List<LossPoint> losses) {
    return losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1).loss();
  }

  /** What a trial has measured so far; becomes the result. */
  private static final class Progress {
    final TrialSpec spec;
    String device;
    String note;
    String diverged;
    int iterationsDone;
    double setupSeconds;
    double trainSeconds;
    double evalSeconds;
    List<LossPoint> losses = List.of();
    final List<StepEvaluation> evaluations = new ArrayList<>();

    Progress(TrialSpec spec) {
      this.spec = spec;
      this.device = spec.get(Knobs.DEVICE);
    }

    TrialResult result() {
      TrialStatus status = diverged == null ? TrialStatus.OK : TrialStatus.DIVERGED;
      String message = diverged != null ? diverged : note;
      return new TrialResult(spec, status, message, device, iterationsDone, lastLoss(losses), setupSeconds,
          trainSeconds, evalSeconds, rate(iterationsDone, trainSeconds), losses, evaluations);
    }
  }
}
