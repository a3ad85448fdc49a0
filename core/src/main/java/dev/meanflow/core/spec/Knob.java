package dev.meanflow.core.spec;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One trial knob, declared once (Spark's {@code ConfigBuilder} is the model): its key, type, default, doc, the
 * checks with their accepted range, the flows and conditions under which it applies, and its role, which says
 * whether it is part of the trial identity. Validation, normalization, the canonical text, CLI options, sweep-file
 * keys, table columns and the report's columns all come from these declarations ({@link Knobs}).
 *
 * @param <T> the value type
 */
public final class Knob<T> {

  /** What a knob is to the harness; every role but {@link #RUNTIME} is part of the trial identity. */
  public enum Role {
    /** What every comparison is split by, each its own column: flow, direction, target. */
    HEADLINE,
    /** A parameter of the target distribution (grid-size, scale). */
    TARGET,
    /** Changes the trained model: network, optimizer, objective, sampler. The candidate ablation axes. */
    SCIENCE,
    /** Replicates of one configuration differ only here (the seed). */
    REPLICATE,
    /** How a trained model is measured and what is kept of it. */
    EVALUATION,
    /** Where and how it runs; set by the executor, never part of the identity. */
    RUNTIME
  }

  /** A check on the value alone, with the accepted range as users read it (e.g. {@code must be in [0, 1]}). */
  record Check<T>(Predicate<T> test, String rule) {}

  /** A check against the rest of the trial (e.g. signed intervals only for MeanFlow). */
  record Requirement<T>(BiPredicate<T, TrialSpec> test, String rule) {}

  private final String key;
  private final KnobType<T> type;
  private final T defaultValue;
  private final Function<TrialSpec, T> derivedDefault;
  private final String doc;
  private final Role role;
  private final Set<Flow> flows;
  private final Predicate<TrialSpec> onlyWhen;
  private final String onlyWhenDoc;
  private final List<Check<T>> checks;
  private final List<Requirement<T>> requirements;
  private final boolean perMember;

  private Knob(Builder<T> b) {
    key = b.key;
    type = b.type;
    defaultValue = b.defaultValue;
    derivedDefault = b.derivedDefault;
    doc = Objects.requireNonNull(b.doc, "doc of " + b.key);
    role = Objects.requireNonNull(b.role, "role of " + b.key);
    flows = Set.copyOf(b.flows);
    onlyWhen = b.onlyWhen;
    onlyWhenDoc = b.onlyWhenDoc;
    checks = List.copyOf(b.checks);
    requirements = List.copyOf(b.requirements);
    perMember = b.perMember;
    if ((defaultValue == null) == (derivedDefault == null)) {
      throw new IllegalStateException(key + " needs exactly one of a default value and a derived default");
    }
  }

  public static <T> Builder<T> builder(String key, KnobType<T> type) {
    return new Builder<>(key, type);
  }

  /** The name on command lines ({@code --r-neq-t-share}), in sweep files and in messages. */
  public String key() {
    return key;
  }

  public KnobType<T> type() {
    return type;
  }

  public String doc() {
    return doc;
  }

  public Role role() {
    return role;
  }

  /** Part of the trial id: every knob but the runtime ones. */
  public boolean identity() {
    return role != Role.RUNTIME;
  }

  /** Given once as a list in sweep files (eval-steps), not swept value by value. */
  /**
   * True when trials that differ in this knob may still train together in one fused group: it changes what a
   * member draws or how it is optimised or measured, never a tensor shape. Knobs are shared by default, so a new
   * knob never fuses trials it should not.
   */
  public boolean perMember() {
    return perMember;
  }

  public boolean listValued() {
    return type instanceof KnobType.IntList;
  }

  /** The flows this knob means something for. */
  public Set<Flow> flows() {
    return flows;
  }

  /** The default of this knob for {@code spec} (the sampler's depends on the flow). */
  public T defaultFor(TrialSpec spec) {
    return defaultValue != null ? defaultValue : derivedDefault.apply(spec);
  }

  /** The fixed default, or null when it depends on other knobs. */
  public T defaultValue() {
    return defaultValue;
  }

  /** Whether the value of this knob can change the result of {@code spec}; if not, normalization resets it. */
  public boolean appliesTo(TrialSpec spec) {
    return flows.contains(spec.get(Knobs.FLOW)) && (onlyWhen == null || onlyWhen.test(spec));
  }

  /** e.g. {@code MF only; when time-sampling = logit-normal}, or empty when it always applies. */
  public String appliesDoc() {
    List<String> parts = new ArrayList<>();
    if (!flows.containsAll(EnumSet.allOf(Flow.class))) {
      parts.add(String.join(", ", flows.stream().map(f -> f.key().toUpperCase(java.util.Locale.ROOT)).sorted()
          .toList()) + " only");
    }
    if (onlyWhenDoc != null) {
      parts.add("when " + onlyWhenDoc);
    }
    return String.join("; ", parts);
  }

  /** Every rule a value must follow, for docs: the checks (e.g. {@code must be in [0, 1]}), then the requirements. */
  public List<String> rules() {
    List<String> rules = new ArrayList<>(checks.stream().map(Check::rule).toList());
    requirements.forEach(r -> rules.add(r.rule()));
    return rules;
  }

  public String render(Object value) {
    return type.render(type.cast(value));
  }

  /** Every problem of this knob's value in {@code spec}: the value checks, then the requirements on other knobs. */
  List<Problem> problems(TrialSpec spec) {
    T value = spec.get(this);
    List<Problem> problems = new ArrayList<>();
    for (Check<T> check : checks) {
      if (!check.test().test(value)) {
        problems.add(check(value, check.rule()));
      }
    }
    if (problems.isEmpty()) {
      for (Requirement<T> requirement : requirements) {
        if (!requirement.test().test(value, spec)) {
          problems.add(Problem.invalid(key, render(value), requirement.rule()));
        }
      }
    }
    return problems;
  }

  private Problem check(T value, String rule) {
    return value instanceof List<?> list && list.isEmpty() ? Problem.empty(key, rule) : Problem.invalid(key,
        render(value), rule);
  }

  @Override
  public String toString() {
    return key;
  }

  /** Fluent declaration; {@link #create()} checks that the default passes the checks. */
  public static final class Builder<T> {
    private final String key;
    private final KnobType<T> type;
    private T defaultValue;
    private Function<TrialSpec, T> derivedDefault;
    private String doc;
    private Role role;
    private Set<Flow> flows = EnumSet.allOf(Flow.class);
    private Predicate<TrialSpec> onlyWhen;
    private String onlyWhenDoc;
    private final List<Check<T>> checks = new ArrayList<>();
    private final List<Requirement<T>> requirements = new ArrayList<>();
    private boolean perMember;

    private Builder(String key, KnobType<T> type) {
      this.key = key;
      this.type = type;
    }

    public Builder<T> doc(String text) {
      doc = text;
      return this;
    }

    public Builder<T> role(Role value) {
      role = value;
      return this;
    }

    public Builder<T> defaultValue(T value) {
      defaultValue = value;
      return this;
    }

    /** A default computed from the other knobs, documented by the doc text. */
    public Builder<T> derivedDefault(Function<TrialSpec, T> value) {
      derivedDefault = value;
      return this;
    }

    public Builder<T> flows(Flow first, Flow... rest) {
      flows = EnumSet.of(first, rest);
      return this;
    }

    /** Applies only when {@code condition} holds, e.g. the logit parameters when time-sampling is logit-normal. */
    public Builder<T> onlyWhen(Predicate<TrialSpec> condition, String description) {
      onlyWhen = condition;
      onlyWhenDoc = description;
      return this;
    }

    public Builder<T> check(Predicate<T> test, String rule) {
      checks.add(new Check<>(test, rule));
      return this;
    }

    /** Integer-like values in [min, max]. */
    public Builder<T> range(long min, long max) {
      return check(v -> ((Number) v).longValue() >= min && ((Number) v).longValue() <= max,
          "must be in [" + min + ", " + max + "]");
    }

    /** May differ between the members of a fused group (see {@link Knob#perMember()}). */
    public Builder<T> perMember() {
      perMember = true;
      return this;
    }

    public Builder<T> requires(BiPredicate<T, TrialSpec> test, String rule) {
      requirements.add(new Requirement<>(test, rule));
      return this;
    }

    public Knob<T> create() {
      Knob<T> knob = new Knob<>(this);
      if (defaultValue != null) {
        for (Check<T> check : checks) {
          if (!check.test().test(defaultValue)) {
            throw new IllegalStateException("default of " + key + " breaks its own check: " + check.rule());
          }
        }
      }
      return knob;
    }
  }
}
