package dev.meanflow.core.spec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Everything that defines one trial: the science (flow, direction, target, model, objective knobs, seed), how long
 * it trains, how it is evaluated, and where it runs. Immutable; {@link #id()} is a pure function of the science and
 * evaluation fields, so the same trial gets the same id on every machine and device.
 *
 * <p>Option names in error messages ({@code r-neq-t-share}, ...) are the keys used on the command line and in sweep
 * files.
 */
public record TrialSpec(
    Flow flow,
    Direction direction,
    TargetKind target,
    int gridSize,
    double scale,
    int width,
    int depth,
    Conditioning conditioning,
    int iterations,
    int batch,
    double lr,
    double rNeqTShare,
    TimeSampling timeSampling,
    double logitMu,
    double logitSigma,
    double adaptiveP,
    double adaptiveC,
    Orientation orientation,
    SamplerKind sampler,
    JvpMode jvp,
    long seed,
    String device,
    int threads,
    int evalSamples,
    List<Integer> evalSteps,
    int lossPoints,
    int keptSamples) {

  private static final Pattern DEVICE = Pattern.compile("cpu|gpu(:\\d{1,3})?");

  public TrialSpec {
    evalSteps = List.copyOf(evalSteps);
  }

  /** The write-up's settings: MeanFlow, reverse, 4x4 checkerboard, 5001 iterations at batch 4096, lr 3e-3. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Every problem with this spec, one message each naming the option, the value and what is accepted; empty when
   * the spec is valid.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    range(problems, "iterations", iterations, 0, 10_000_000);
    range(problems, "batch", batch, 1, 1_000_000);
    positive(problems, "lr", lr, 1e6);
    range(problems, "width", width, 1, 8192);
    range(problems, "depth", depth, 0, 64);
    range(problems, "grid-size", gridSize, 1, 64);
    positive(problems, "scale", scale, 1e6);
    if (!(rNeqTShare >= 0 && rNeqTShare <= 1)) {
      problems.add(invalid("r-neq-t-share", rNeqTShare, "must be in [0, 1]"));
    }
    if (!Double.isFinite(logitMu)) {
      problems.add(invalid("logit-mu", logitMu, "must be a finite number"));
    }
    positive(problems, "logit-sigma", logitSigma, 100);
    if (!(adaptiveP >= 0 && adaptiveP <= 10)) {
      problems.add(invalid("adaptive-p", adaptiveP, "must be in [0, 10] (0 is the plain MSE)"));
    }
    positive(problems, "adaptive-c", adaptiveC, 1e6);
    range(problems, "threads", threads, 0, 1024);
    range(problems, "eval-samples", evalSamples, 2, 10_000_000);
    range(problems, "loss-points", lossPoints, 1, 1_000_000);
    range(problems, "kept-samples", keptSamples, 0, 1_000_000);
    if (evalSteps.isEmpty()) {
      problems.add("eval-steps is empty: give at least one step count in [1, 100000]");
    }
    for (int steps : evalSteps) {
      range(problems, "eval-steps", steps, 1, 100_000);
    }
    if (evalSteps.stream().distinct().count() != evalSteps.size()) {
      problems.add(invalid("eval-steps", evalSteps, "must not repeat a step count"));
    }
    if (device == null || !DEVICE.matcher(device).matches()) {
      problems.add(invalid("device", device, "must be cpu, gpu or gpu:N"));
    }
    if (flow == Flow.FM && sampler != SamplerKind.EULER) {
      problems.add(invalid("sampler", sampler.key(), "flow fm samples with euler only"));
    }
    if (flow == Flow.MF && sampler == SamplerKind.EULER) {
      problems.add(invalid("sampler", sampler.key(), "flow mf samples with writeup or consistent"));
    }
    if (flow == Flow.FM && orientation == Orientation.SIGNED) {
      problems.add(invalid("orientation", orientation.key(), "signed intervals exist only for flow mf"));
    }
    return problems;
  }

  /** This spec, or an {@link IllegalArgumentException} listing every problem. */
  public TrialSpec validated() {
    List<String> problems = problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return this;
  }

  /**
   * The same trial with every knob that does not apply set to its default (MeanFlow knobs of an FM trial, logit
   * parameters of uniform times, adaptive-c at p = 0, grid-size off the checkerboard), so that a grid sweeping such
   * a knob does not train identical trials twice.
   */
  public TrialSpec normalized() {
    TrialSpec defaults = builder().build();
    Builder b = toBuilder();
    if (flow == Flow.FM) {
      b.conditioning(defaults.conditioning).rNeqTShare(defaults.rNeqTShare).orientation(Orientation.ORDERED)
          .jvp(defaults.jvp).sampler(SamplerKind.EULER);
    }
    if (timeSampling == TimeSampling.UNIFORM) {
      b.logitMu(defaults.logitMu).logitSigma(defaults.logitSigma);
    }
    if (adaptiveP == 0) {
      b.adaptiveC(defaults.adaptiveC);
    }
    if (target != TargetKind.CHECKERBOARD) {
      b.gridSize(defaults.gridSize);
    }
    TrialSpec normal = b.build();
    return normal.equals(this) ? this : normal;
  }

  /** Canonical text of every field that can change a result (not device or threads): the input of {@link #id()}. */
  public String canonical() {
    return String.join(
        ";",
        "flow=" + flow.key(),
        "direction=" + direction.key(),
        "target=" + target.key(),
        "grid-size=" + gridSize,
        "scale=" + num(scale),
        "width=" + width,
        "depth=" + depth,
        "conditioning=" + conditioning.key(),
        "iterations=" + iterations,
        "batch=" + batch,
        "lr=" + num(lr),
        "r-neq-t-share=" + num(rNeqTShare),
        "time-sampling=" + timeSampling.key(),
        "logit-mu=" + num(logitMu),
        "logit-sigma=" + num(logitSigma),
        "adaptive-p=" + num(adaptiveP),
        "adaptive-c=" + num(adaptiveC),
        "orientation=" + orientation.key(),
        "sampler=" + sampler.key(),
        "jvp=" + jvp.key(),
        "seed=" + seed,
        "eval-samples=" + evalSamples,
        "eval-steps=" + evalSteps,
        "loss-points=" + lossPoints,
        "kept-samples=" + keptSamples);
  }

  /** 16 hex digits of the SHA-256 of {@link #canonical()}. */
  public String id() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static String num(double value) {
    return Double.toString(value).toLowerCase(Locale.ROOT);
  }

  private static void range(List<String> problems, String option, long value, long min, long max) {
    if (value < min || value > max) {
      problems.add(invalid(option, value, "must be in [" + min + ", " + max + "]"));
    }
  }

  private static void positive(List<String> problems, String option, double value, double max) {
    if (!(value > 0 && value <= max)) {
      problems.add(invalid(option, value, "must be in (0, " + max + "]"));
    }
  }

  private static String invalid(String option, Object value, String rule) {
    return "'" + value + "' in " + option + " is invalid: " + rule;
  }

  /** Fluent builder starting from the write-up's settings. */
  public static final class Builder {
    private Flow flow = Flow.MF;
    private Direction direction = Direction.REVERSE;
    private TargetKind target = TargetKind.CHECKERBOARD;
    private int gridSize = 4;
    private double scale = 2.0;
    private int width = 128;
    private int depth = 4;
    private Conditioning conditioning = Conditioning.T_R;
    private int iterations = 5001;
    private int batch = 4096;
    private double lr = 3e-3;
    private double rNeqTShare = 1.0;
    private TimeSampling timeSampling = TimeSampling.UNIFORM;
    private double logitMu = -0.4;
    private double logitSigma = 1.0;
    private double adaptiveP = 0.0;
    private double adaptiveC = 1e-3;
    private Orientation orientation = Orientation.ORDERED;
    private SamplerKind sampler;
    private JvpMode jvp = JvpMode.EXACT;
    private long seed = 0;
    private String device = "cpu";
    private int threads = 0;
    private int evalSamples = 10_000;
    private List<Integer> evalSteps = List.of(1, 2, 4, 8, 16, 100);
    private int lossPoints = 100;
    private int keptSamples = 1000;

    private Builder() {}

    private Builder(TrialSpec s) {
      flow = s.flow;
      direction = s.direction;
      target = s.target;
      gridSize = s.gridSize;
      scale = s.scale;
      width = s.width;
      depth = s.depth;
      conditioning = s.conditioning;
      iterations = s.iterations;
      batch = s.batch;
      lr = s.lr;
      rNeqTShare = s.rNeqTShare;
      timeSampling = s.timeSampling;
      logitMu = s.logitMu;
      logitSigma = s.logitSigma;
      adaptiveP = s.adaptiveP;
      adaptiveC = s.adaptiveC;
      orientation = s.orientation;
      sampler = s.sampler;
      jvp = s.jvp;
      seed = s.seed;
      device = s.device;
      threads = s.threads;
      evalSamples = s.evalSamples;
      evalSteps = s.evalSteps;
      lossPoints = s.lossPoints;
      keptSamples = s.keptSamples;
    }

    public Builder flow(Flow v) { flow = v; return this; }
    public Builder direction(Direction v) { direction = v; return this; }
    public Builder target(TargetKind v) { target = v; return this; }
    public Builder gridSize(int v) { gridSize = v; return this; }
    public Builder scale(double v) { scale = v; return this; }
    public Builder width(int v) { width = v; return this; }
    public Builder depth(int v) { depth = v; return this; }
    public Builder conditioning(Conditioning v) { conditioning = v; return this; }
    public Builder iterations(int v) { iterations = v; return this; }
    public Builder batch(int v) { batch = v; return this; }
    public Builder lr(double v) { lr = v; return this; }
    public Builder rNeqTShare(double v) { rNeqTShare = v; return this; }
    public Builder timeSampling(TimeSampling v) { timeSampling = v; return this; }
    public Builder logitMu(double v) { logitMu = v; return this; }
    public Builder logitSigma(double v) { logitSigma = v; return this; }
    public Builder adaptiveP(double v) { adaptiveP = v; return this; }
    public Builder adaptiveC(double v) { adaptiveC = v; return this; }
    public Builder orientation(Orientation v) { orientation = v; return this; }
    /** Null picks the flow's default: euler for FM, writeup for MF. */
    public Builder sampler(SamplerKind v) { sampler = v; return this; }
    public Builder jvp(JvpMode v) { jvp = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder device(String v) { device = v; return this; }
    public Builder threads(int v) { threads = v; return this; }
    public Builder evalSamples(int v) { evalSamples = v; return this; }
    public Builder evalSteps(List<Integer> v) { evalSteps = v; return this; }
    public Builder lossPoints(int v) { lossPoints = v; return this; }
    public Builder keptSamples(int v) { keptSamples = v; return this; }

    /** Builds without validating: call {@link TrialSpec#problems()} or {@link TrialSpec#validated()}. */
    public TrialSpec build() {
      SamplerKind chosen = sampler != null ? sampler : flow == Flow.FM ? SamplerKind.EULER : SamplerKind.WRITEUP;
      return new TrialSpec(flow, direction, target, gridSize, scale, width, depth, conditioning, iterations, batch,
          lr, rNeqTShare, timeSampling, logitMu, logitSigma, adaptiveP, adaptiveC, orientation, chosen, jvp, seed,
          device, threads, evalSamples, evalSteps, lossPoints, keptSamples);
    }
  }
}
