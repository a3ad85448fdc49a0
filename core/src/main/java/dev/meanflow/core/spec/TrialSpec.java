package dev.meanflow.core.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One trial: a value for every knob of its registry ({@link Knobs#REGISTRY} unless a test says otherwise), read
 * with {@code spec.get(Knobs.LR)}. Immutable. Validation, normalization and identity come from the knob
 * declarations; {@link #id()} is a pure function of the identity knobs, so the same trial gets the same id on every
 * machine and device.
 */
public final class TrialSpec {
  private final KnobRegistry registry;
  private final Map<Knob<?>, Object> values;

  private TrialSpec(KnobRegistry registry, Map<Knob<?>, Object> values) {
    this.registry = registry;
    this.values = Collections.unmodifiableMap(values);
  }

  /** The write-up's settings: MeanFlow, reverse, 4x4 checkerboard, 5001 iterations at batch 4096, lr 3e-3. */
  public static Builder builder() {
    return Knobs.REGISTRY.builder();
  }

  /** A builder with this spec's values; a knob at its derived default stays derived (the sampler follows the flow). */
  public Builder toBuilder() {
    Builder b = new Builder(registry);
    values.forEach((knob, value) -> {
      if (knob.defaultValue() != null || !atDefault(knob)) {
        b.explicit.put(knob, value);
      }
    });
    return b;
  }

  public KnobRegistry registry() {
    return registry;
  }

  public <T> T get(Knob<T> knob) {
    Object value = values.get(knob);
    if (value == null && !registry.contains(knob)) {
      throw new IllegalArgumentException("knob " + knob.key() + " is not in this spec's registry");
    }
    return knob.type().cast(value);
  }

  /** This spec with one knob changed. */
  public <T> TrialSpec with(Knob<T> knob, T value) {
    return toBuilder().with(knob, value).build();
  }

  public boolean atDefault(Knob<?> knob) {
    return Objects.equals(values.get(knob), knob.defaultFor(this));
  }

  /** Every problem of this spec, knob by knob in registry order; empty when the spec is valid. */
  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    for (Knob<?> knob : registry.knobs()) {
      problems.addAll(knob.problems(this));
    }
    return problems;
  }

  /** This spec, or an {@link IllegalArgumentException} listing every problem, one per line. */
  public TrialSpec validated() {
    List<Problem> problems = problems();
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems.stream().map(Problem::message).toList()));
    }
    return this;
  }

  /**
   * The same trial with every knob that does not apply reset to its default (MeanFlow knobs of an FM trial, logit
   * parameters of uniform times, adaptive-c at p = 0, grid-size off the checkerboard), so that a grid sweeping such
   * a knob does not train identical trials twice.
   */
  public TrialSpec normalized() {
    TrialSpec current = this;
    // a reset may make another knob inapplicable; the registry is small, so iterate to the fixed point
    for (int round = 0; round <= registry.knobs().size(); round++) {
      Builder b = current.toBuilder();
      boolean changed = false;
      for (Knob<?> knob : registry.knobs()) {
        if (!knob.appliesTo(current) && !current.atDefault(knob)) {
          b.set(knob, knob.defaultFor(current));
          changed = true;
        }
      }
      if (!changed) {
        return current.equals(this) ? this : current;
      }
      current = b.build();
    }
    throw new IllegalStateException("normalization does not settle for " + this);
  }

  /** The input of {@link #id()}, see {@link TrialIdentity}. */
  public String canonical() {
    return TrialIdentity.canonical(this);
  }

  /** 16 hex digits of the SHA-256 of {@link #canonical()}. */
  public String id() {
    return TrialIdentity.id(this);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrialSpec other && registry == other.registry && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Every knob as key=value, runtime ones included. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (Knob<?> knob : registry.knobs()) {
      text.append(text.length() == 0 ? "" : ";").append(knob.key()).append('=').append(knob.render(values.get(knob)));
    }
    return text.toString();
  }

  /** Starts from every knob's default; knobs with a derived default (the sampler) resolve at {@link #build()}. */
  public static final class Builder {
    private final KnobRegistry registry;
    private final Map<Knob<?>, Object> explicit = new LinkedHashMap<>();

    Builder(KnobRegistry registry) {
      this.registry = registry;
    }

    /** Sets a knob; null returns it to its default. */
    public <T> Builder with(Knob<T> knob, T value) {
      return set(knob, value);
    }

    /** As {@link #with}, for a value whose type the caller took from the knob's own type. */
    public Builder set(Knob<?> knob, Object value) {
      if (!registry.contains(knob)) {
        throw new IllegalArgumentException("knob " + knob.key() + " is not in this registry");
      }
      if (value == null) {
        explicit.remove(knob);
      } else {
        explicit.put(knob, value instanceof List<?> list ? List.copyOf(list) : knob.type().cast(value));
      }
      return this;
    }

    /** Builds without validating: call {@link TrialSpec#problems()} or {@link TrialSpec#validated()}. */
    public TrialSpec build() {
      Map<Knob<?>, Object> values = new LinkedHashMap<>();
      for (Knob<?> knob : registry.knobs()) {
        Object value = explicit.containsKey(knob) ? explicit.get(knob) : knob.defaultValue();
        values.put(knob, value);
      }
      TrialSpec partial = new TrialSpec(registry, values);
      for (Knob<?> knob : registry.knobs()) {
        if (values.get(knob) == null) {
          values.put(knob, knob.defaultFor(partial));
        }
      }
      return new TrialSpec(registry, values);
    }
  }
}
