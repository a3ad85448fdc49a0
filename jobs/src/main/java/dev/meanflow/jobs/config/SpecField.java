package dev.meanflow.jobs.config;

import dev.meanflow.core.spec.Conditioning;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.JvpMode;
import dev.meanflow.core.spec.Orientation;
import dev.meanflow.core.spec.SamplerKind;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.spec.TimeSampling;
import dev.meanflow.core.spec.TrialSpec;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One field of {@link TrialSpec}, declared once: its key in sweep files, its doc, its type, how to read and set it,
 * and its column in the {@code trials} table. The list {@link #ALL} is the single source for config parsing, the
 * generated key reference, the table schema and shipping specs to executors.
 *
 * @param role whether users sweep it ({@link Role#AXIS}), give it once ({@link Role#FIXED}) or Spark sets it at run
 *     time ({@link Role#RUNTIME})
 */
public record SpecField<T>(
    String key,
    Role role,
    String doc,
    ValueType<T> type,
    Function<TrialSpec, T> get,
    BiConsumer<TrialSpec.Builder, T> set) {

  public enum Role { AXIS, FIXED, RUNTIME }

  public static final List<SpecField<?>> ALL = List.of(
      axis("flow", "fm = flow matching (regress v), mf = MeanFlow (regress the average velocity u).",
          ValueType.oneOf(Flow.class), TrialSpec::flow, TrialSpec.Builder::flow),
      axis("direction", "forward = noise -> data, t: 0 -> 1; reverse = data is pi_0, sampling integrates t: 1 -> 0.",
          ValueType.oneOf(Direction.class), TrialSpec::direction, TrialSpec.Builder::direction),
      axis("target", "Target distribution.",
          ValueType.oneOf(TargetKind.class), TrialSpec::target, TrialSpec.Builder::target),
      axis("grid-size", "Checkerboard cells per side.",
          ValueType.integer(), TrialSpec::gridSize, TrialSpec.Builder::gridSize),
      axis("scale", "Half-width of the target's square, e.g. 2 = [-2, 2]^2.",
          ValueType.number(), TrialSpec::scale, TrialSpec.Builder::scale),
      axis("width", "Hidden units per MLP layer.",
          ValueType.integer(), TrialSpec::width, TrialSpec.Builder::width),
      axis("depth", "Hidden layers of the MLP.",
          ValueType.integer(), TrialSpec::depth, TrialSpec.Builder::depth),
      axis("conditioning", "MF only: the model sees (t, r) or (t, t - r).",
          ValueType.oneOf(Conditioning.class), TrialSpec::conditioning, TrialSpec.Builder::conditioning),
      axis("iterations", "Optimizer steps.",
          ValueType.integer(), TrialSpec::iterations, TrialSpec.Builder::iterations),
      axis("batch", "Samples per optimizer step.",
          ValueType.integer(), TrialSpec::batch, TrialSpec.Builder::batch),
      axis("lr", "Adam learning rate.",
          ValueType.number(), TrialSpec::lr, TrialSpec.Builder::lr),
      axis("r-neq-t-share", "MF only: share of training samples with r != t, in [0, 1].",
          ValueType.number(), TrialSpec::rNeqTShare, TrialSpec.Builder::rNeqTShare),
      axis("time-sampling", "How (r, t) are drawn: uniform or logit-normal(logit-mu, logit-sigma).",
          ValueType.oneOf(TimeSampling.class), TrialSpec::timeSampling, TrialSpec.Builder::timeSampling),
      axis("logit-mu", "Mean of the logit-normal time sampler.",
          ValueType.number(), TrialSpec::logitMu, TrialSpec.Builder::logitMu),
      axis("logit-sigma", "Standard deviation of the logit-normal time sampler.",
          ValueType.number(), TrialSpec::logitSigma, TrialSpec.Builder::logitSigma),
      axis("adaptive-p", "Adaptive loss weight w = 1 / (||err||^2 + c)^p; 0 is the plain MSE.",
          ValueType.number(), TrialSpec::adaptiveP, TrialSpec.Builder::adaptiveP),
      axis("adaptive-c", "The c of the adaptive loss weight.",
          ValueType.number(), TrialSpec::adaptiveC, TrialSpec.Builder::adaptiveC),
      axis("orientation", "MF only: ordered trains r <= t; signed also trains r > t (needed to jump forward).",
          ValueType.oneOf(Orientation.class), TrialSpec::orientation, TrialSpec.Builder::orientation),
      axis("sampler", "euler (FM only), writeup or consistent (MF only). Default: euler for fm, writeup for mf.",
          ValueType.oneOf(SamplerKind.class), TrialSpec::sampler, TrialSpec.Builder::sampler),
      axis("jvp", "MF only: how du/dt is computed.",
          ValueType.oneOf(JvpMode.class), TrialSpec::jvp, TrialSpec.Builder::jvp),
      axis("seed", "Seeds; several values give replicates of every other combination.",
          ValueType.longInteger(), TrialSpec::seed, TrialSpec.Builder::seed),
      new SpecField<>("device", Role.RUNTIME,
          "Set by the executor: gpu:<address> when Spark assigned the task a GPU, else cpu.",
          ValueType.string(), TrialSpec::device, TrialSpec.Builder::device),
      new SpecField<>("threads", Role.RUNTIME, "Set by the executor: torch threads = spark.task.cpus.",
          ValueType.integer(), TrialSpec::threads, TrialSpec.Builder::threads),
      axis("eval-samples", "Generated points per evaluation.",
          ValueType.integer(), TrialSpec::evalSamples, TrialSpec.Builder::evalSamples),
      new SpecField<>("eval-steps", Role.FIXED,
          "Sampler step counts, each evaluated on every trained model (not an axis: models are never retrained "
              + "per step count).",
          ValueType.integerList(), TrialSpec::evalSteps, TrialSpec.Builder::evalSteps),
      axis("loss-points", "Points of the loss curve kept per trial.",
          ValueType.integer(), TrialSpec::lossPoints, TrialSpec.Builder::lossPoints),
      axis("kept-samples", "Generated points kept per trial and step count for plots (<= eval-samples).",
          ValueType.integer(), TrialSpec::keptSamples, TrialSpec.Builder::keptSamples));

  private static <T> SpecField<T> axis(
      String key, String doc, ValueType<T> type, Function<TrialSpec, T> get, BiConsumer<TrialSpec.Builder, T> set) {
    return new SpecField<>(key, Role.AXIS, doc, type, get, set);
  }

  /** The column in the {@code trials} table: snake case of the key ({@code device} is the requested device). */
  public String column() {
    return key.equals("device") ? "device_requested" : key.replace('-', '_');
  }

  public Object columnValue(TrialSpec spec) {
    return type.toColumn(get.apply(spec));
  }

  /** Sets this field from a value of its own type (unchecked: callers pass values parsed by {@link #type}). */
  @SuppressWarnings("unchecked")
  public void setRaw(TrialSpec.Builder builder, Object value) {
    set.accept(builder, (T) value);
  }

  public void setFromColumn(TrialSpec.Builder builder, Object column) {
    set.accept(builder, type.fromColumn(column));
  }

  public String render(Object value) {
    @SuppressWarnings("unchecked")
    T typed = (T) value;
    return type.render(typed);
  }

  public static SpecField<?> byKey(String key) {
    return ALL.stream().filter(f -> f.key.equals(key)).findFirst().orElse(null);
  }
}
