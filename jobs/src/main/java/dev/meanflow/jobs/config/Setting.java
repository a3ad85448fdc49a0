package dev.meanflow.jobs.config;

import java.util.function.Predicate;

/**
 * A sweep-level key (not a trial field), declared once with its doc, type, default and check. The default passes
 * the check; {@code rule} is the accepted range as shown in messages.
 */
public record Setting<T>(String path, String doc, ValueType<T> type, T defaultValue, Predicate<T> check, String rule) {

  /** Null when {@code value} passes the check, else the message naming the key, the value and the rule. */
  public String problem(T value) {
    return check.test(value) ? null : "'" + type.render(value) + "' in " + path + " is invalid: " + rule;
  }
}
