package dev.meanflow.core.spec;

import dev.meanflow.core.reference.ExactVelocity;
import dev.meanflow.core.spec.Knob.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every trial knob, each declared once, in the order users read them (CLI help, sweep-file reference, table
 * columns). Trial ids do not depend on this order ({@link TrialIdentity}). To add a knob: declare it here with a
 * default that keeps today's behaviour, and read it where it acts ({@code spec.get(Knobs.NEW_KNOB)}); every
 * existing trial id stays the same.
 */
public final class Knobs {
  private Knobs() {}

  private static final List<Knob<?>> DECLARED = new ArrayList<>();
  private static final Pattern DEVICE_PATTERN = Pattern.compile("cpu|gpu(:\\d{1,3})?");

  public static final Knob<Flow> FLOW = register(Knob.builder("flow", KnobType.oneOf(Flow.class))
      .role(Role.HEADLINE).defaultValue(Flow.MF)
      .doc("fm = flow matching (regress v), mf = MeanFlow (regress the average velocity u)."));
  public static final Knob<Direction> DIRECTION = register(Knob.builder("direction", KnobType.oneOf(Direction.class))
      .role(Role.HEADLINE).perMember().defaultValue(Direction.REVERSE)
      .doc("forward = noise -> data, t: 0 -> 1; reverse = data is pi_0, sampling integrates t: 1 -> 0."));
  public static final Knob<TargetKind> TARGET = register(Knob.builder("target", KnobType.oneOf(TargetKind.class))
      .role(Role.HEADLINE).perMember().defaultValue(TargetKind.CHECKERBOARD)
      .doc("Target distribution."));
  public static final Knob<Integer> GRID_SIZE = register(Knob.builder("grid-size", KnobType.integer())
      .role(Role.TARGET).perMember().defaultValue(4).range(1, 64)
      .onlyWhen(s -> s.get(TARGET).hasCells(), "the target has cells (checkerboard)")
      .doc("Checkerboard cells per side."));
  public static final Knob<Double> SCALE = register(Knob.builder("scale", KnobType.number())
      .role(Role.TARGET).perMember().defaultValue(2.0).check(v -> v > 0 && v <= 1e6, "must be in (0, 1e6]")
      .doc("Half-width of the target's square, e.g. 2 = [-2, 2]^2."));
  public static final Knob<Integer> WIDTH = register(Knob.builder("width", KnobType.integer())
      .role(Role.SCIENCE).defaultValue(128).range(1, 8192)
      .doc("Hidden units per MLP layer."));
  public static final Knob<Integer> DEPTH = register(Knob.builder("depth", KnobType.integer())
      .role(Role.SCIENCE).defaultValue(4).range(0, 64)
      .doc("Hidden layers of the MLP (0 = linear)."));
  public static final Knob<Conditioning> CONDITIONING = register(
      Knob.builder("conditioning", KnobType.oneOf(Conditioning.class))
          .role(Role.SCIENCE).defaultValue(Conditioning.T_R).flows(Flow.MF)
          .doc("The MeanFlow network sees (t, r) or (t, t - r)."));
  public static final Knob<Integer> ITERATIONS = register(Knob.builder("iterations", KnobType.integer())
      .role(Role.SCIENCE).defaultValue(5001).range(1, 10_000_000)
      .doc("Optimizer steps."));
  public static final Knob<Integer> BATCH = register(Knob.builder("batch", KnobType.integer())
      .role(Role.SCIENCE).defaultValue(4096).range(1, 1_000_000)
      .doc("Samples per optimizer step."));
  public static final Knob<Precision> PRECISION = register(
      Knob.builder("precision", KnobType.oneOf(Precision.class))
          .role(Role.SCIENCE).defaultValue(Precision.FLOAT32)
          .doc("Floating-point type of the network, its optimizer state and sampling: float32 or float64."));
  public static final Knob<Double> LR = register(Knob.builder("lr", KnobType.number())
      .role(Role.SCIENCE).perMember().defaultValue(3e-3).check(v -> v > 0 && v <= 1e6, "must be in (0, 1e6]")
      .doc("Adam learning rate."));
  public static final Knob<ObjectiveKind> OBJECTIVE = register(
      Knob.builder("objective", KnobType.oneOf(ObjectiveKind.class))
          .role(Role.SCIENCE).defaultValue(ObjectiveKind.MEANFLOW).flows(Flow.MF)
          .doc("meanflow: regress u on sg(v - (t - r) du/dt), du/dt by JVP along (v, 1, 0) (MeanFlow, arXiv "
              + "2505.13447). split: SplitMeanFlow (arXiv 2507.16884), no JVP: s = t - lambda (t - r), lambda ~ "
              + "U(0, 1), target sg((1 - lambda) u(z_s, r, s) + lambda u(z_t, s, t)) with z_s = z_t - (t - s) "
              + "u(z_t, s, t), and v where r = t. improved: improved MeanFlow (Lyy-iiis/imeanflow, imf.py): the "
              + "network also outputs an auxiliary v; V = u + (t - r) sg(du/dt), du/dt by JVP along the predicted "
              + "(v(z_t, t, t), 1, 0); loss on V - v plus on the auxiliary v - v."));
  public static final Knob<Double> R_NEQ_T_SHARE = register(Knob.builder("r-neq-t-share", KnobType.number())
      .role(Role.SCIENCE).perMember().defaultValue(1.0).flows(Flow.MF).check(v -> v >= 0 && v <= 1, "must be in [0, 1]")
      .requires((v, s) -> s.get(OBJECTIVE) != ObjectiveKind.SPLIT || v < 1,
          "must be below 1 with objective = split: SplitMeanFlow learns the boundary r = t by flow matching, and "
              + "nothing else ties u to the data (at 1 it diverges)")
      .doc("Share of MeanFlow training samples with r != t (the rest train r = t, plain flow matching). The "
          + "official JAX code (Gsunshine/meanflow) sets the opposite, data_proportion = share with r = t: its "
          + "0.75 is 0.25 here; the PyTorch code (Gsunshine/py-meanflow) sets --ratio = share with r != t: its 0.75 "
          + "is 0.75 here; improved MeanFlow's data_proportion 0.5 is 0.5 here."));
  public static final Knob<Integer> FM_WARMUP = register(Knob.builder("fm-warmup", KnobType.integer())
      .role(Role.SCIENCE).perMember().defaultValue(0).range(0, 10_000_000).flows(Flow.MF)
      .doc("Curriculum from flow matching to MeanFlow: the r != t share grows linearly from 0 to r-neq-t-share "
          + "over the first N iterations (Decoupled MeanFlow, arXiv 2510.24474, trains flow matching first; "
          + "AlphaFlow, arXiv 2510.20771, anneals from flow matching to MeanFlow). 0 = no warm-up."));
  public static final Knob<TimeSampling> TIME_SAMPLING = register(
      Knob.builder("time-sampling", KnobType.oneOf(TimeSampling.class))
          .role(Role.SCIENCE).perMember().defaultValue(TimeSampling.UNIFORM)
          .doc("How (r, t) are drawn: uniform or logit-normal(logit-mu, logit-sigma)."));
  public static final Knob<Double> LOGIT_MU = register(Knob.builder("logit-mu", KnobType.number())
      .role(Role.SCIENCE).perMember().defaultValue(-0.4).check(Double::isFinite, "must be a finite number")
      .onlyWhen(s -> s.get(TIME_SAMPLING) == TimeSampling.LOGIT_NORMAL, "time-sampling = logit-normal")
      .doc("Mean of the logit-normal time sampler."));
  public static final Knob<Double> LOGIT_SIGMA = register(Knob.builder("logit-sigma", KnobType.number())
      .role(Role.SCIENCE).perMember().defaultValue(1.0).check(v -> v > 0 && v <= 100, "must be in (0, 100]")
      .onlyWhen(s -> s.get(TIME_SAMPLING) == TimeSampling.LOGIT_NORMAL, "time-sampling = logit-normal")
      .doc("Standard deviation of the logit-normal time sampler."));
  public static final Knob<Double> ADAPTIVE_P = register(Knob.builder("adaptive-p", KnobType.number())
      .role(Role.SCIENCE).perMember().defaultValue(0.0).check(v -> v >= 0 && v <= 10, "must be in [0, 10] (0 is the plain MSE)")
      .doc("Adaptive loss weight w = 1 / (||err||^2 + c)^p; 0 is the plain MSE."));
  public static final Knob<Double> ADAPTIVE_C = register(Knob.builder("adaptive-c", KnobType.number())
      .role(Role.SCIENCE).perMember().defaultValue(1e-3).check(v -> v > 0 && v <= 1e6, "must be in (0, 1e6]")
      .onlyWhen(s -> s.get(ADAPTIVE_P) != 0, "adaptive-p > 0")
      .doc("The c of the adaptive loss weight."));
  public static final Knob<Double> GRAD_CLIP = register(Knob.builder("grad-clip", KnobType.number())
      .role(Role.SCIENCE).perMember().defaultValue(0.0).check(v -> v >= 0 && v <= 1e6, "must be in [0, 1e6] (0 = off)")
      .doc("Largest global L2 norm of the gradient, as torch.nn.utils.clip_grad_norm_ (gradients scaled by "
          + "min(1, max / (norm + 1e-6)) before Adam); 0 = no clipping. A guard against the late NaN users of "
          + "MeanFlow report."));
  public static final Knob<Double> EMA_DECAY = register(Knob.builder("ema-decay", KnobType.number())
      .role(Role.SCIENCE).perMember().defaultValue(0.0).check(v -> v >= 0 && v < 1, "must be in [0, 1) (0 = off)")
      .doc("Evaluate an exponential moving average of the weights, ema = d ema + (1 - d) w after every step from "
          + "the initial weights (the official MeanFlow code keeps one); 0 = the weights themselves."));
  public static final Knob<Orientation> ORIENTATION = register(
      Knob.builder("orientation", KnobType.oneOf(Orientation.class))
          .role(Role.SCIENCE).perMember().defaultValue(Orientation.ORDERED).flows(Flow.MF)
          .requires((v, s) -> v != Orientation.SIGNED || s.get(FLOW) == Flow.MF,
              "signed intervals exist only for flow mf")
          .doc("ordered trains r <= t; signed also trains r > t (needed to jump forward)."));
  public static final Knob<SamplerKind> SAMPLER = register(Knob.builder("sampler", KnobType.oneOf(SamplerKind.class))
      .role(Role.SCIENCE).perMember().flows(Flow.MF)
      .derivedDefault(s -> s.get(FLOW) == Flow.FM ? SamplerKind.EULER : SamplerKind.WRITEUP)
      .requires((v, s) -> s.get(FLOW) != Flow.FM || v == SamplerKind.EULER, "flow fm samples with euler only")
      .requires((v, s) -> s.get(FLOW) != Flow.MF || v != SamplerKind.EULER,
          "flow mf samples with writeup or consistent")
      .doc("euler (FM only), writeup or consistent (MF only). Default: euler for fm, writeup for mf."));
  public static final Knob<JvpMode> JVP = register(Knob.builder("jvp", KnobType.oneOf(JvpMode.class))
      .role(Role.SCIENCE).defaultValue(JvpMode.EXACT).flows(Flow.MF)
      .onlyWhen(s -> s.get(OBJECTIVE).usesTimeDerivative(), "objective = meanflow or improved")
      .doc("How MeanFlow's du/dt is computed."));
  public static final Knob<Long> SEED = register(Knob.builder("seed", KnobType.longInteger())
      .role(Role.REPLICATE).perMember().defaultValue(0L)
      .doc("Trial seed; several values give replicates of every other combination."));
  public static final Knob<String> DEVICE = register(Knob.builder("device", KnobType.text())
      .role(Role.RUNTIME).defaultValue("cpu").check(v -> DEVICE_PATTERN.matcher(v).matches(),
          "must be cpu, gpu or gpu:N")
      .doc("cpu, gpu or gpu:N. In a sweep the executor sets it: gpu:<address> when Spark assigned the task a GPU, "
          + "else cpu."));
  public static final Knob<Integer> THREADS = register(Knob.builder("threads", KnobType.integer())
      .role(Role.RUNTIME).defaultValue(0).range(0, 1024)
      .doc("Torch threads, 0 = torch's default. In a sweep the executor sets it to spark.task.cpus."));
  public static final Knob<Integer> EVAL_SAMPLES = register(Knob.builder("eval-samples", KnobType.integer())
      .role(Role.EVALUATION).perMember().defaultValue(10_000).range(2, 10_000_000)
      .doc("Generated points per evaluation."));
  public static final Knob<List<Integer>> EVAL_STEPS = register(Knob.builder("eval-steps", KnobType.integerList())
      .role(Role.EVALUATION).perMember().defaultValue(List.of(1, 2, 4, 8, 16, 100))
      .check(v -> !v.isEmpty(), "give at least one step count in [1, 100000]")
      .check(v -> v.stream().allMatch(s -> s >= 1 && s <= 100_000), "every step count must be in [1, 100000]")
      .check(v -> v.stream().distinct().count() == v.size(), "must not repeat a step count")
      .doc("Sampler step counts, each evaluated on every trained model (not an axis: models are never retrained "
          + "per step count)."));
  public static final Knob<Integer> LOSS_POINTS = register(Knob.builder("loss-points", KnobType.integer())
      .role(Role.EVALUATION).perMember().defaultValue(100).range(1, 1_000_000)
      .doc("Points of the loss curve kept per trial."));
  public static final Knob<Integer> KEPT_SAMPLES = register(Knob.builder("kept-samples", KnobType.integer())
      .role(Role.EVALUATION).perMember().defaultValue(1000).range(0, 1_000_000)
      .requires((v, s) -> v <= s.get(EVAL_SAMPLES), "must be at most eval-samples")
      .doc("Generated points kept per trial and step count for plots (at most eval-samples)."));

  public static final Knob<Switch> ORACLE = register(Knob.builder("oracle", KnobType.oneOf(Switch.class))
      .role(Role.EVALUATION).perMember().defaultValue(Switch.ON)
      .onlyWhen(Knobs::hasReferenceFlow, "the target has an exact velocity (checkerboard, eight-gaussians)")
      .doc("Also sample with the trial's sampler driven by the exact flow instead of the network, at every step "
          + "count and with the same noise: the oracle_* columns of evals, each metric's floor."));
  public static final Knob<Integer> TRUTH_SAMPLES = register(Knob.builder("truth-samples", KnobType.integer())
      .role(Role.EVALUATION).perMember().defaultValue(2048).range(0, 1_000_000)
      .onlyWhen(Knobs::hasReferenceFlow, "the target has an exact velocity (checkerboard, eight-gaussians)")
      .doc("Fresh training draws on which the trained network is compared with the exact fields (u* or v*, and "
          + "du/dt): the truth_* and dudt_* columns of trials. 0 = not compared."));

  /** Every knob above, in declaration order. */
  public static final KnobRegistry REGISTRY = new KnobRegistry(DECLARED);

  private static boolean hasReferenceFlow(TrialSpec spec) {
    return ExactVelocity.of(spec.get(TARGET).create(spec)).isPresent();
  }

  private static <T> Knob<T> register(Knob.Builder<T> builder) {
    Knob<T> knob = builder.create();
    DECLARED.add(knob);
    return knob;
  }
}
