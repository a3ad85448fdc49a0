package dev.meanflow.jobs.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.meanflow.core.spec.KnobType;
import dev.meanflow.core.spec.Problem;
import java.util.ArrayList;
import java.util.List;

/**
 * The HOCON side of the knob types: a sweep-file value becomes the plain value a {@link KnobType} parses, and a
 * value that breaks a type becomes a {@link Problem} at its line.
 */
final class HoconValues {
  private HoconValues() {}

  /** A typed value, or null after adding the problem (naming {@code path}, the value and its line). */
  static <T> T read(KnobType<T> type, String path, ConfigValue raw, List<Problem> problems) {
    try {
      return type.parse(plain(raw));
    } catch (IllegalArgumentException e) {
      problems.add(invalid(raw, path, e.getMessage()));
      return null;
    }
  }

  /** Numbers, strings and lists as Java values; anything else (null, true, an object) as itself, which no type takes. */
  static Object plain(ConfigValue raw) {
    if (raw.valueType() == ConfigValueType.LIST) {
      List<Object> items = new ArrayList<>();
      for (ConfigValue item : (ConfigList) raw) {
        items.add(plain(item));
      }
      return items;
    }
    return raw.valueType() == ConfigValueType.NUMBER || raw.valueType() == ConfigValueType.STRING
        ? raw.unwrapped() : raw;
  }

  static Problem invalid(ConfigValue raw, String path, String rule) {
    return Problem.invalid(path, text(raw), rule).at(line(raw));
  }

  static String text(ConfigValue raw) {
    return raw.valueType() == ConfigValueType.STRING || raw.valueType() == ConfigValueType.NUMBER
        ? String.valueOf(raw.unwrapped())
        : raw.render(ConfigRenderOptions.concise());
  }

  static int line(ConfigValue raw) {
    return Math.max(0, raw.origin().lineNumber());
  }
}
