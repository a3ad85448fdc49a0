package dev.meanflow.core.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum constant with the lower-case name users type in options and config files. */
public interface Keyed {

  /** The external name, e.g. {@code logit-normal}. */
  String key();

  /** Parses {@code value} into a constant of {@code type}, naming {@code option} and every accepted value on error. */
  static <E extends Enum<E> & Keyed> E parse(Class<E> type, String option, String value) {
    for (E constant : type.getEnumConstants()) {
      if (constant.key().equalsIgnoreCase(value.trim()) || constant.name().equalsIgnoreCase(value.trim())) {
        return constant;
      }
    }
    throw new IllegalArgumentException(
        "'" + value + "' in " + option + " is invalid: must be one of " + keys(type));
  }

  /** The accepted names of {@code type}, e.g. {@code [fm, mf]}. */
  static <E extends Enum<E> & Keyed> String keys(Class<E> type) {
    return Arrays.stream(type.getEnumConstants()).map(Keyed::key).collect(Collectors.joining(", ", "[", "]"));
  }

  /** Default key: the constant's name in lower case with '_' as '-'. */
  static String defaultKey(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
