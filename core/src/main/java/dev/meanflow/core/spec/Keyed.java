package dev.meanflow.core.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum constant with the lower-case name users type in options and config files. */
public interface Keyed {

  /** The external name, e.g. {@code logit-normal}. */
  String key();

  /**
   * The one parsing rule of every knob enum: the key or the constant's name, ignoring case and surrounding blanks
   * ({@code logit-normal}, {@code LOGIT_NORMAL}); null when nothing matches.
   */
  static <E extends Enum<E> & Keyed> E find(Class<E> type, String value) {
    String text = value.trim();
    for (E constant : type.getEnumConstants()) {
      if (constant.key().equalsIgnoreCase(text) || constant.name().equalsIgnoreCase(text)) {
        return constant;
      }
    }
    return null;
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
