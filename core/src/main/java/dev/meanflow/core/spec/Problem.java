package dev.meanflow.core.spec;

/**
 * One thing wrong with an input, as a value: which key, which value, the rule it breaks and, when the input is a
 * file, the line. Readers prefix keys with where they found them ({@code grid.lr}) and add lines; nothing ever
 * parses a problem back out of its message.
 *
 * @param kind what went wrong: a value breaks a rule, a list is empty, a key is unknown, or a problem of the input
 *     as a whole ({@code key} and {@code value} null, the message in {@code rule})
 * @param key the key the problem is about, as the user wrote it
 * @param value the offending value as text, null when there is none
 * @param rule what is accepted, e.g. {@code must be in [0, 1]}
 * @param line 1-based line in the input, 0 when unknown
 */
public record Problem(Kind kind, String key, String value, String rule, int line) {

  public enum Kind { INVALID, EMPTY, UNKNOWN_KEY, GENERAL }

  public static Problem invalid(String key, Object value, String rule) {
    return new Problem(Kind.INVALID, key, String.valueOf(value), rule, 0);
  }

  public static Problem empty(String key, String rule) {
    return new Problem(Kind.EMPTY, key, null, rule, 0);
  }

  public static Problem unknownKey(String key, String advice) {
    return new Problem(Kind.UNKNOWN_KEY, key, null, advice, 0);
  }

  public static Problem general(String message) {
    return new Problem(Kind.GENERAL, null, null, message, 0);
  }

  /** The same problem with its key qualified by where it was found, e.g. {@code grid.} + {@code lr}. */
  public Problem under(String prefix) {
    return key == null ? this : new Problem(kind, prefix + key, value, rule, line);
  }

  public Problem at(int line) {
    return new Problem(kind, key, value, rule, line);
  }

  /** Whether this problem is about {@code knobKey}, however qualified. */
  public boolean concerns(String knobKey) {
    return key != null && (key.equals(knobKey) || key.endsWith("." + knobKey));
  }

  /** One line for a person, e.g. {@code '1.5' in grid.r-neq-t-share is invalid (line 7): must be in [0, 1]}. */
  public String message() {
    String where = line > 0 ? " (line " + line + ")" : "";
    return switch (kind) {
      case INVALID -> "'" + value + "' in " + key + " is invalid" + where + ": " + rule;
      case EMPTY -> key + " is empty" + where + ": " + rule;
      case UNKNOWN_KEY -> "unknown key '" + key + "'" + where + ": " + rule;
      case GENERAL -> rule + where;
    };
  }

  @Override
  public String toString() {
    return message();
  }
}
