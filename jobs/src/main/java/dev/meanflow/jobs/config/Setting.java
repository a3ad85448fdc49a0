package dev.meanflow.jobs.config;

import dev.meanflow.core.spec.KnobType;
import dev.meanflow.core.spec.Problem;
import java.util.function.Predicate;

/**
 * A sweep-level key (not a trial knob), declared once with its doc, type, default and check. The default passes
 * the check; {@code rule} is the accepted range as shown in messages.
 */
public record Setting<T>(String path, String doc, KnobType<T> type, T defaultValue, Predicate<T> check, String rule) {

  public Setting {
    if (!check.test(defaultValue)) {
      throw new IllegalStateException("default of " + path + " breaks its own check: " + rule);
    }
  }

  /** Null when {@code value} passes the check, else the problem naming the key, the value and the rule. */
  public Problem problem(T value) {
    return check.test(value) ? null : Problem.invalid(path, type.render(value), rule);
  }
}
