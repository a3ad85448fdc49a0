package dev.meanflow.core.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An ordered set of knobs with unique keys: {@link Knobs#REGISTRY} in production; a test may extend it with
 * {@link #plus} to show what adding a knob does to existing trials.
 */
public final class KnobRegistry {
  private final List<Knob<?>> knobs;
  private final Map<String, Knob<?>> byKey = new LinkedHashMap<>();

  KnobRegistry(List<Knob<?>> knobs) {
    this.knobs = List.copyOf(knobs);
    for (Knob<?> knob : this.knobs) {
      if (byKey.put(knob.key(), knob) != null) {
        throw new IllegalStateException("knob key declared twice: " + knob.key());
      }
    }
  }

  /** In declaration order. */
  public List<Knob<?>> knobs() {
    return knobs;
  }

  /** The knobs with one of {@code roles}, in declaration order. */
  public List<Knob<?>> withRole(Knob.Role... roles) {
    Set<Knob.Role> wanted = Set.copyOf(Arrays.asList(roles));
    return knobs.stream().filter(k -> wanted.contains(k.role())).toList();
  }

  public Optional<Knob<?>> find(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  public boolean contains(Knob<?> knob) {
    return byKey.get(knob.key()) == knob;
  }

  public List<String> keys() {
    return List.copyOf(byKey.keySet());
  }

  /** A builder starting from every knob's default. */
  public TrialSpec.Builder builder() {
    return new TrialSpec.Builder(this);
  }

  /** This registry and one more knob (for tests of identity stability). */
  public KnobRegistry plus(Knob<?> knob) {
    List<Knob<?>> all = new ArrayList<>(knobs);
    all.add(knob);
    return new KnobRegistry(all);
  }

  /**
   * The spec that {@code pairs} describe, e.g. {@code flow=fm;lr=0.001} (a canonical text, with or without its
   * version prefix); missing knobs take their defaults.
   *
   * @throws IllegalArgumentException naming every problem
   */
  public TrialSpec parse(String pairs) {
    TrialSpec.Builder builder = builder();
    List<Problem> problems = new ArrayList<>();
    for (String pair : pairs.split(";")) {
      if (pair.isBlank() || pair.matches("v\\d+")) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      Optional<Knob<?>> knob = find(key.trim());
      if (eq < 0 || knob.isEmpty()) {
        problems.add(Problem.unknownKey(key, "not a knob: must be one of " + keys()));
        continue;
      }
      try {
        builder.set(knob.get(), knob.get().type().parse(pair.substring(eq + 1)));
      } catch (IllegalArgumentException e) {
        problems.add(Problem.invalid(key, pair.substring(eq + 1), e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", problems.stream().map(Problem::message).toList()));
    }
    return builder.build();
  }
}
