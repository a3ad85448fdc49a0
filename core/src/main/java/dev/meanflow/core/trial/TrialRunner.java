package dev.meanflow.core.trial;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.meanflow.core.distribution.Distribution;
import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.distribution.StandardGaussian;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.metric.QualityEvaluator;
import dev.meanflow.core.nn.DeviceChoice;
import dev.meanflow.core.nn.Mlp;
import dev.meanflow.core.nn.GradientNorms;
import dev.meanflow.core.nn.StackedAdam;
import dev.meanflow.core.nn.StackedEma;
import dev.meanflow.core.nn.Torch;
import dev.meanflow.core.objective.Batch;
import dev.meanflow.core.objective.BatchSampler;
import dev.meanflow.core.objective.Objective;
import dev.meanflow.core.reference.ReferenceFlow;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.ObjectiveKind;
import dev.meanflow.core.spec.Problem;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.time.IntervalSampler;
import dev.meanflow.core.time.TimeSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Trains and evaluates trials, alone or as a fused group: members that share a {@link FusionKey} train as one
 * stacked network (one forward, tangent and backward pass and one optimizer step for all), each from its own seeded
 * streams with its own learning rate, loss weight, batch draws and evaluation, so a member's result is its unfused
 * trial's. A trial alone is a group of one. On a GPU the losses are read back every {@link #GPU_LOSS_WINDOW}
 * iterations, not every step, so the host never waits for the device in between. Thread-safe: several groups may run at once in one JVM. Never throws:
 * errors become FAILED results and a non-finite loss or parameter DIVERGED, member by member.
 */
public final class TrialRunner {

  private static final int MAX_MESSAGE = 2000;
  /** Iterations between loss reads on a GPU: reading a loss waits for the device, so not every step. */
  static final int GPU_LOSS_WINDOW = 50;

  private TrialRunner() {}

  public static TrialResult run(TrialSpec spec) {
    return run(spec, TrainingListener.NONE, null);
  }

  /** As {@link #run(TrialSpec)}, reporting each iteration to {@code listener} and saving the trained parameters to {@code saveTo} if not null. */
  public static TrialResult run(TrialSpec spec, TrainingListener listener, Path saveTo) {
    return run(List.of(spec), 0, listener, saveTo).get(0);
  }

  /**
   * One result per member, in order. Members must share one {@link FusionKey}.
   *
   * @throws IllegalArgumentException when they do not: grouping is the caller's job
   */
  public static List<TrialResult> runGroup(List<TrialSpec> members) {
    return run(members, 0, TrainingListener.NONE, null, Continuation.NONE);
  }

  /**
   * As {@link #runGroup(List)}, continuing each member from its checkpoint in {@code from} (none: from scratch)
   * and handing each member's state at the end of training to {@code sink} (null: none kept).
   *
   * @throws IllegalArgumentException when the checkpoints are not one per member, at one iteration, of the same
   *     trials with no smaller a budget (an equal one is evaluated, not trained)
   */
  public static List<TrialResult> runGroup(List<TrialSpec> members, List<Checkpoint> from, CheckpointSink sink) {
    return run(members, 0, TrainingListener.NONE, null, new Continuation(from, sink));
  }

  /**
   * Where a group's training starts and where its end state goes.
   *
   * @param from one checkpoint per member, all at one iteration; empty = from scratch
   * @param sink takes each member's state after training; null = none kept
   */
  record Continuation(List<Checkpoint> from, CheckpointSink sink) {
    static final Continuation NONE = new Continuation(List.of(), null);

    Continuation {
      from = List.copyOf(from);
    }

    int iteration() {
      return from.isEmpty() ? 0 : from.get(0).iteration();
    }

    void check(List<TrialSpec> specs) {
      if (from.isEmpty()) {
        return;
      }
      if (from.size() != specs.size()) {
        throw new IllegalArgumentException(from.size() + " checkpoints for " + specs.size() + " members");
      }
      for (int k = 0; k < specs.size(); k++) {
        Checkpoint c = from.get(k);
        if (c.iteration() != iteration() || !c.continues(specs.get(k))) {
          throw new IllegalArgumentException("trial " + specs.get(k).id() + " cannot continue from a checkpoint of "
              + c.lineage() + " at iteration " + c.iteration() + " (members resume from one iteration, at most "
              + "their budget, of the same trial)");
        }
      }
    }
  }

  /** @param lossWindow iterations between loss reads; 0 = from the device (every one on a CPU) */
  static List<TrialResult> run(List<TrialSpec> specs, int lossWindow, TrainingListener listener, Path saveTo) {
    return run(specs, lossWindow, listener, saveTo, Continuation.NONE);
  }

  static List<TrialResult> run(List<TrialSpec> specs, int lossWindow, TrainingListener listener, Path saveTo,
      Continuation continuation) {
    FusionKey key = FusionKey.of(specs.get(0));
    for (TrialSpec spec : specs) {
      if (!FusionKey.of(spec).equals(key)) {
        throw new IllegalArgumentException("trial " + spec.id() + " does not fuse with " + specs.get(0).id()
            + ": they differ in a shared knob (" + FusionKey.of(spec).shared() + " against " + key.shared() + ")");
      }
    }
    continuation.check(specs);
    List<Member> members = IntStream.range(0, specs.size()).mapToObj(i -> new Member(specs.get(i),
        continuation.from().isEmpty() ? null : continuation.from().get(i))).toList();
    List<Member> valid = members.stream().filter(m -> m.problems.isEmpty()).toList();
    if (!valid.isEmpty()) {
      trainAndEvaluate(valid, lossWindow, listener, saveTo, continuation.sink());
    }
    return members.stream().map(Member::result).toList();
  }

  private static void trainAndEvaluate(List<Member> group, int lossWindow, TrainingListener listener,
      Path saveTo, CheckpointSink sink) {
    TrialSpec first = group.get(0).spec;
    boolean engineLoaded = false;
    try {
      long setupStart = System.nanoTime();
      Torch.ensureLoaded();
      engineLoaded = true;
      Torch.setThreads(first.get(Knobs.THREADS));
      DeviceChoice choice = DeviceChoice.resolve(first.get(Knobs.DEVICE));
      for (Member m : group) {
        m.device = choice.name();
        m.note = choice.note();
        m.prepare();
      }
      try (NDManager manager = NDManager.newBaseManager(choice.device())) {
        int window = lossWindow >= 1 ? lossWindow : choice.device().isGpu() ? GPU_LOSS_WINDOW : 1;
        Mlp trained = train(group, manager, setupStart, window, listener, sink);
        evaluate(group, trained, manager, saveTo);
      }
    } catch (Throwable e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt(); // the caller (e.g. a cancelled Spark task) still sees it
      }
      for (Member m : group) {
        if (m.failure == null && m.diverged == null && !m.evaluated) {
          m.failure = e.toString() + (m.note == null ? "" : " (" + m.note + ")");
        }
      }
    } finally {
      if (engineLoaded) {
        Torch.recordGradients(false);
      }
    }
  }

  /**
   * Trains every member together; returns the network of those that trained to the end, member order kept.
   * Losses stay on the device and are read back every {@code lossWindow} iterations: there, a member whose loss
   * turned non-finite is DIVERGED at that iteration and dropped. Until then it trains on, harmlessly: its slice of
   * every batched operation, and of Adam, is its own.
   */
  private static Mlp train(List<Member> group, NDManager manager, long setupStart, int lossWindow,
      TrainingListener listener, CheckpointSink sink) throws InterruptedException {
    TrialSpec first = group.get(0).spec;
    int iterations = first.get(Knobs.ITERATIONS);
    int batchSize = first.get(Knobs.BATCH);
    int from = group.get(0).start == null ? 0 : group.get(0).start.iteration();
    List<Member> active = new ArrayList<>(group);
    // the weight average only when a member asks for one: it costs a copy of the network and a pass per step
    boolean averaged = group.stream().anyMatch(m -> m.spec.get(Knobs.EMA_DECAY) > 0);
    Mlp mlp;
    StackedAdam adam;
    StackedEma ema = null;
    if (from == 0) {
      mlp = TrainedModel.initialiseStacked(first, manager, active.stream().map(m -> m.random.init()).toList());
      adam = new StackedAdam(mlp, perMember(active, Knobs.LR));
      ema = averaged ? new StackedEma(mlp, perMember(active, Knobs.EMA_DECAY)) : null;
    } else {
      try (NDManager decoded = manager.newSubManager()) {
        List<Checkpoint.State> states = active.stream().map(m -> m.start.decode(decoded)).toList();
        mlp = Mlp.stack(manager, states.stream().map(Checkpoint.State::parameters).toList());
        adam = StackedAdam.resume(mlp, perMember(active, Knobs.LR),
            states.stream().map(Checkpoint.State::moments).toList(), from);
        if (averaged) {
          ema = StackedEma.resume(mlp, perMember(active, Knobs.EMA_DECAY),
              states.stream().map(Checkpoint.State::averages).toList());
        }
      }
      for (Member m : active) {
        if (from < iterations) {
          m.replayDraws(batchSize);
        } else {
          m.recorder.restore(m.start.losses()); // trained already: only evaluated again
        }
      }
    }
    Objective objective = objectiveOf(active);
    double setupSeconds = seconds(setupStart);
    group.forEach(m -> m.setupSeconds = setupSeconds);
    NDManager window = manager.newSubManager();
    NDArray maxNorms = maxGradientNorms(active, manager);
    List<NDArray> windowLosses = new ArrayList<>(); // [K] per iteration since the last read
    List<NDArray> windowNorms = new ArrayList<>(); // [K] gradient norms, likewise
    long start = System.nanoTime();
    try {
      for (int it = from; it < iterations && !active.isEmpty(); it++) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("trial interrupted at iteration " + it);
        }
        try (NDManager step = manager.newSubManager()) {
          List<Batch> batches = new ArrayList<>();
          for (Member m : active) {
            batches.add(m.batches.draw(batchSize, m.random.data(), it));
          }
          Torch.recordGradients(true);
          NDArray losses = objective.losses(mlp, batches, step);
          NDArray kept = losses.stopGradient();
          kept.attach(window);
          windowLosses.add(kept);
          Torch.backward(losses.sum());
          Torch.recordGradients(false);
          NDArray norms = GradientNorms.of(mlp, window);
          windowNorms.add(norms);
          if (maxNorms != null) {
            GradientNorms.clip(mlp, norms, maxNorms);
          }
          adam.step();
          if (ema != null) {
            ema.update();
          }
        } finally {
          Torch.recordGradients(false);
        }
        if (windowLosses.size() == lossWindow || it + 1 == iterations) {
          int[] keep = readWindow(active, windowLosses, windowNorms, it + 1 - windowLosses.size(), iterations,
              listener);
          windowLosses.clear();
          windowNorms.clear();
          window.close();
          window = manager.newSubManager();
          if (keep.length == 0) {
            active = List.of(); // every member diverged: nothing left to train or evaluate
          } else if (keep.length < active.size()) {
            Mlp survivors = mlp.select(manager, keep);
            adam = adam.select(survivors, keep);
            ema = ema == null ? null : ema.select(survivors, keep);
            mlp.close();
            mlp = survivors;
            active = pick(active, keep);
            objective = objectiveOf(active);
            if (maxNorms != null) {
              maxNorms.close();
            }
            maxNorms = maxGradientNorms(active, manager);
          }
        }
      }
      if (sink != null && from < iterations) {
        for (int k = 0; k < active.size(); k++) {
          active.get(k).checkpoint(k, iterations, mlp, adam, ema, manager, sink);
        }
      }
      Mlp evaluated = mlp;
      if (ema != null && !active.isEmpty()) {
        evaluated = ema.network(manager);
        mlp.close();
      }
      boolean[] finite = active.isEmpty() ? new boolean[0] : evaluated.finiteMembers();
      int[] keep = IntStream.range(0, active.size()).filter(k -> finite[k]).toArray();
      for (int k = 0; k < active.size(); k++) {
        if (!finite[k]) {
          active.get(k).diverged = "parameters became non-finite in the last optimizer step";
        }
      }
      if (keep.length < active.size()) {
        Mlp survivors = evaluated.select(manager, keep);
        evaluated.close();
        evaluated = survivors;
        active = pick(active, keep);
      }
      for (int k = 0; k < active.size(); k++) {
        active.get(k).position = k;
      }
      return evaluated;
    } finally {
      window.close();
      adam.close();
      if (ema != null) {
        ema.close();
      }
      double trainSeconds = seconds(start);
      for (Member m : group) {
        m.startIteration = from;
        m.trainSeconds = trainSeconds;
        m.losses = m.recorder.finish(m.iterationsDone - 1);
      }
    }
  }

  /** [K] clipping thresholds, +infinity for a member that does not clip; null when none does. */
  private static NDArray maxGradientNorms(List<Member> members, NDManager manager) {
    double[] clips = perMember(members, Knobs.GRAD_CLIP);
    if (Arrays.stream(clips).allMatch(c -> c == 0)) {
      return null;
    }
    double[] thresholds = Arrays.stream(clips).map(c -> c > 0 ? c : Double.POSITIVE_INFINITY).toArray();
    return manager.create(thresholds).toType(members.get(0).spec.get(Knobs.PRECISION).dataType(), false);
  }

  /**
   * Reads the window's losses and gradient norms (iterations {@code from} on) into each member's curve and health,
   * marks the members whose loss turned non-finite DIVERGED at its first such iteration, and returns the indices of
   * the others.
   */
  private static int[] readWindow(List<Member> active, List<NDArray> windowLosses, List<NDArray> windowNorms,
      int from, int iterations, TrainingListener listener) {
    double[] losses = hostRows(windowLosses); // [iteration, member], row-major
    double[] norms = hostRows(windowNorms);
    int members = active.size();
    List<Integer> keep = new ArrayList<>();
    for (int k = 0; k < members; k++) {
      Member m = active.get(k);
      for (int j = 0; j < windowLosses.size() && m.diverged == null; j++) {
        double loss = losses[j * members + k];
        if (!Double.isFinite(loss)) {
          m.diverged = "loss became " + loss + " at iteration " + (from + j);
          m.firstNonFinite = from + j;
        } else {
          m.recorder.add(from + j, loss);
          m.spikes.add(loss);
          double norm = norms[j * members + k];
          if (norm > m.maxGradNorm || Double.isNaN(m.maxGradNorm)) {
            m.maxGradNorm = norm;
          }
          m.iterationsDone = from + j + 1;
          if (k == 0) {
            listener.onIteration(from + j + 1, iterations, loss);
          }
        }
      }
      if (m.diverged == null) {
        keep.add(k);
      }
    }
    return keep.stream().mapToInt(Integer::intValue).toArray();
  }

  private static double[] hostRows(List<NDArray> rows) {
    try (NDArray stacked = ai.djl.ndarray.NDArrays.stack(new ai.djl.ndarray.NDList(rows))) {
      return values(stacked);
    }
  }

  private static void evaluate(List<Member> group, Mlp trained, NDManager manager, Path saveTo) {
    for (Member m : group) {
      if (m.diverged != null || m.position < 0) {
        continue;
      }
      try (TrainedModel model = new TrainedModel(m.spec, trained.member(manager, m.position))) {
        m.evaluate(model);
        if (saveTo != null) {
          model.save(saveTo);
        }
      } catch (Exception e) {
        m.failure = e.toString() + (m.note == null ? "" : " (" + m.note + ")");
      }
      m.evaluated = true;
    }
  }

  private static Objective objectiveOf(List<Member> members) {
    return Objective.of(members.stream().map(m -> m.spec).toList());
  }

  private static double[] perMember(List<Member> members, Knob<Double> knob) {
    return members.stream().mapToDouble(m -> m.spec.get(knob)).toArray();
  }

  private static double[] values(NDArray losses) {
    NDArray wide = losses.getDataType() == DataType.FLOAT64 ? losses : losses.toType(DataType.FLOAT64, false);
    return wide.toDoubleArray();
  }

  private static <T> List<T> pick(List<T> items, int[] keep) {
    List<T> picked = new ArrayList<>();
    for (int k : keep) {
      picked.add(items.get(k));
    }
    return picked;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** One trial of a group: its own streams, samplers and loss curve, and what it has measured so far. */
  private static final class Member {
    final TrialSpec spec;
    final Checkpoint start; // null: from scratch
    int startIteration;
    final List<Problem> problems;
    TrialRandom random;
    Distribution target;
    BatchSampler batches;
    ReferenceFlow flow; // null when the target has no exact velocity
    TruthErrors truth = TruthErrors.NONE;
    LossRecorder recorder;
    String device;
    String note;
    String diverged;
    String failure;
    boolean evaluated;
    int position = -1; // index in the trained network, once training ended with it
    int iterationsDone;
    int firstNonFinite = -1;
    final LossSpikes spikes = new LossSpikes();
    double maxGradNorm = Double.NaN;
    double setupSeconds = Double.NaN;
    double trainSeconds = Double.NaN;
    double evalSeconds = Double.NaN;
    List<LossPoint> losses = List.of();
    final List<StepEvaluation> evaluations = new ArrayList<>();

    Member(TrialSpec spec, Checkpoint start) {
      this.spec = spec;
      this.start = start;
      this.problems = spec.problems();
      this.device = spec.get(Knobs.DEVICE);
      if (!problems.isEmpty()) {
        failure = String.join("; ", problems.stream().map(Problem::message).toList());
      }
    }

    void prepare() {
      random = TrialRandom.of(spec.get(Knobs.SEED));
      target = spec.get(Knobs.TARGET).create(spec);
      TimeSampler times = new TimeSampler(spec.get(Knobs.TIME_SAMPLING), spec.get(Knobs.LOGIT_MU),
          spec.get(Knobs.LOGIT_SIGMA));
      batches = new BatchSampler(spec.get(Knobs.FLOW), spec.get(Knobs.DIRECTION), target, times,
          new IntervalSampler(times, spec.get(Knobs.ORIENTATION), spec.get(Knobs.R_NEQ_T_SHARE),
              spec.get(Knobs.FM_WARMUP)),
          spec.get(Knobs.FLOW) == Flow.MF && spec.get(Knobs.OBJECTIVE) == ObjectiveKind.SPLIT);
      recorder = new LossRecorder(spec.get(Knobs.ITERATIONS), spec.get(Knobs.LOSS_POINTS));
      flow = ReferenceFlow.of(spec).orElse(null);
      if (start != null) {
        spikes.restore(start.health());
        maxGradNorm = start.health().maxGradNorm();
        iterationsDone = start.iteration();
      }
    }

    /** Brings the data stream to where the checkpoint left it, by drawing again what training drew. */
    void replayDraws(int batchSize) {
      for (int it = 0; it < start.iteration(); it++) {
        batches.draw(batchSize, random.data(), it);
      }
    }

    /** Hands this member's state (member {@code k} of the stacked network) to the sink. */
    void checkpoint(int k, int iteration, Mlp mlp, StackedAdam adam, StackedEma ema, NDManager manager,
        CheckpointSink sink) {
      try (NDManager copies = manager.newSubManager()) {
        sink.save(spec, Checkpoint.of(spec, iteration, mlp.memberParameters(k, copies),
            adam.memberMoments(k, copies), ema == null ? null : ema.memberAverages(k, copies),
            spikes.state(maxGradNorm), recorder.finish(iterationsDone - 1)));
      }
    }

    /** Samples and scores the model at every step count, with its oracle beside it, then compares it with the truth. */
    void evaluate(TrainedModel model) {
      // the same noise for every step count: differences between step counts are the sampler's, not the draw's
      Points noise = StandardGaussian.INSTANCE.sample(spec.get(Knobs.EVAL_SAMPLES), random.evalNoise());
      Points reference = target.sample(spec.get(Knobs.EVAL_SAMPLES), random.evalReference());
      QualityEvaluator evaluator = new QualityEvaluator(target, QualityEvaluator.DEFAULT_PAIRWISE_CAP,
          QualityEvaluator.DEFAULT_PROJECTIONS, random.metricSeed());
      boolean oracle = flow != null && spec.get(Knobs.ORACLE).on();
      long start = System.nanoTime();
      for (int steps : spec.get(Knobs.EVAL_STEPS)) {
        long stepStart = System.nanoTime();
        Points generated = model.sample(noise, steps);
        MetricValues quality = evaluator.evaluate(generated, reference);
        double seconds = seconds(stepStart);
        MetricValues floor = oracle
            ? OracleEvaluations.of(spec, flow, steps, noise, reference, evaluator) : MetricValues.NONE;
        evaluations.add(
            new StepEvaluation(steps, quality, floor, seconds, generated.head(spec.get(Knobs.KEPT_SAMPLES))));
      }
      int truthSamples = spec.get(Knobs.TRUTH_SAMPLES);
      if (flow != null && truthSamples > 0) {
        truth = TruthComparison.measure(model.mlp(), spec.get(Knobs.CONDITIONING), flow,
            batches.draw(truthSamples, random.truth()));
      }
      evalSeconds = seconds(start);
    }

    TrialResult result() {
      TrialStatus status = failure != null ? TrialStatus.FAILED
          : diverged != null ? TrialStatus.DIVERGED : TrialStatus.OK;
      String message = failure != null ? trim(failure) : diverged != null ? diverged : note;
      double rate = trainSeconds > 0 ? (iterationsDone - startIteration) / trainSeconds : 0;
      double finalLoss = losses.isEmpty() ? Double.NaN : losses.get(losses.size() - 1).loss();
      return new TrialResult(spec, status, message, device, iterationsDone, finalLoss, setupSeconds, trainSeconds,
          evalSeconds, rate, losses, evaluations, truth,
          new TrainingHealth(firstNonFinite, spikes.count(), maxGradNorm));
    }

    private static String trim(String message) {
      return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    }
  }
}
