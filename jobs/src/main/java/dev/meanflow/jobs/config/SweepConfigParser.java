package dev.meanflow.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.meanflow.jobs.tables.Metric;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a HOCON sweep file into a {@link SweepDefinition}, collecting every problem (one message each, naming the
 * key, the value and what is accepted) instead of stopping at the first. Phase one reads each key on its own; phase
 * two ({@link GridExpander}) checks the combinations.
 */
public final class SweepConfigParser {
  private SweepConfigParser() {}

  /** Either a definition or the problems that prevent one. */
  public record Result(SweepDefinition definition, List<String> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /**
   * @param text the file's content
   * @param source where it came from (shown in syntax errors)
   * @param defaultName the sweep name when {@code sweep.name} is absent (the file name without .conf)
   */
  public static Result parse(String text, String source, String defaultName) {
    Config config;
    try {
      config = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(source)).resolve();
    } catch (ConfigException e) {
      return new Result(null, List.of(e.getMessage()));
    }
    return parse(config, defaultName);
  }

  /** Parses a sweep file on disk: includes ({@code include required("seed.conf")}) resolve next to it. */
  public static Result parseFile(java.nio.file.Path file, String defaultName) {
    Config config;
    try {
      config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
    } catch (ConfigException e) {
      return new Result(null, List.of(e.getMessage()));
    }
    return parse(config, defaultName);
  }

  static Result parse(Config config, String defaultName) {
    List<String> problems = new ArrayList<>();
    unknownKeys(config, problems);

    String name = setting(config, SweepKeys.NAME_KEY, problems);
    if (name != null && name.isEmpty()) {
      name = defaultName;
      String problem = SweepKeys.NAME_KEY.problem(name);
      if (problem != null) {
        problems.add(problem + " (taken from the file name: set sweep.name)");
      }
    }
    Integer flushTrials = setting(config, SweepKeys.FLUSH_TRIALS, problems);
    Integer flushSeconds = setting(config, SweepKeys.FLUSH_SECONDS, problems);
    Integer maxParallel = setting(config, SweepKeys.MAX_PARALLEL, problems);
    String metric = setting(config, SweepKeys.SUMMARY_METRIC, problems);

    Map<SpecField<?>, List<Object>> values = new LinkedHashMap<>();
    Set<SpecField<?>> explicit = new LinkedHashSet<>();
    for (SpecField<?> field : SweepKeys.gridFields()) {
      String path = SweepKeys.GRID + "." + field.key();
      if (!config.hasPath(path)) {
        values.put(field, defaults(field));
        continue;
      }
      List<Object> parsed = field.role() == SpecField.Role.FIXED
          ? single(field, config.getValue(path), problems)
          : axis(field, config.getValue(path), problems);
      // An axis with no readable value is already a problem; its default keeps the combination checks going.
      if (parsed.isEmpty()) {
        values.put(field, defaults(field));
      } else {
        explicit.add(field);
        values.put(field, parsed);
      }
    }
    List<Filter> excludes = filters(config, SweepKeys.EXCLUDE, problems);
    List<Filter> includes = filters(config, SweepKeys.INCLUDE, problems);
    GridExpander.Expansion expansion = GridExpander.expand(values, explicit, excludes, includes, problems.isEmpty());
    problems.addAll(expansion.problems());
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    return new Result(new SweepDefinition(name, flushTrials, flushSeconds, maxParallel,
        Metric.parse(SweepKeys.SUMMARY_METRIC.path(), metric), expansion.trials()), List.of());
  }

  private static void unknownKeys(Config config, List<String> problems) {
    List<String> known = SweepKeys.paths();
    for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
      String path = String.join(".", ConfigUtil.splitPath(entry.getKey()));
      if (known.contains(path)) {
        continue;
      }
      String suggestion = Suggest.closest(path, known);
      problems.add("unknown key '" + path + "'" + at(entry.getValue())
          + (suggestion != null ? ": did you mean '" + suggestion + "'?" : ": see `meanflow sweep --describe-keys`"));
    }
  }

  private static <T> T setting(Config config, Setting<T> setting, List<String> problems) {
    if (!config.hasPath(setting.path())) {
      return setting.defaultValue();
    }
    ConfigValue raw = config.getValue(setting.path());
    try {
      T value = setting.type().parse(raw);
      String problem = setting.problem(value);
      if (problem != null) {
        problems.add(problem + at(raw));
        return null;
      }
      return value;
    } catch (IllegalArgumentException e) {
      problems.add(invalid(raw, setting.path(), e.getMessage()));
      return null;
    }
  }

  private static List<Object> defaults(SpecField<?> field) {
    List<Object> single = new ArrayList<>();
    // The sampler's default depends on the flow: null lets the builder pick it per trial.
    single.add(field.key().equals("sampler") ? null : field.get().apply(dev.meanflow.core.spec.TrialSpec.builder().build()));
    return single;
  }

  private static List<Object> single(SpecField<?> field, ConfigValue raw, List<String> problems) {
    try {
      return List.of(field.type().parse(raw));
    } catch (IllegalArgumentException e) {
      problems.add(invalid(raw, SweepKeys.GRID + "." + field.key(), e.getMessage()));
      return List.of();
    }
  }

  private static List<Object> axis(SpecField<?> field, ConfigValue raw, List<String> problems) {
    String path = SweepKeys.GRID + "." + field.key();
    List<ConfigValue> items = raw.valueType() == ConfigValueType.LIST ? new ArrayList<>((ConfigList) raw) : List.of(raw);
    if (items.isEmpty()) {
      problems.add(path + " is empty" + at(raw) + ": give at least one value (" + field.type().accepted() + ")");
    }
    Set<Object> out = new LinkedHashSet<>();
    for (ConfigValue item : items) {
      try {
        out.add(field.type().parse(item));
      } catch (IllegalArgumentException e) {
        problems.add(invalid(item, path, e.getMessage()));
      }
    }
    return new ArrayList<>(out);
  }

  private static List<Filter> filters(Config config, String path, List<String> problems) {
    if (!config.hasPath(path)) {
      return List.of();
    }
    ConfigValue raw = config.getValue(path);
    String shape = "must be a list of objects like [{flow = fm, direction = forward}]";
    if (raw.valueType() != ConfigValueType.LIST) {
      problems.add(invalid(raw, path, shape));
      return List.of();
    }
    List<Filter> filters = new ArrayList<>();
    List<String> axes = SweepKeys.gridFields().stream()
        .filter(f -> f.role() == SpecField.Role.AXIS).map(SpecField::key).toList();
    int i = 0;
    for (ConfigValue item : (ConfigList) raw) {
      String where = path + "[" + i++ + "]";
      if (item.valueType() != ConfigValueType.OBJECT) {
        problems.add(invalid(item, where, shape));
        continue;
      }
      Map<SpecField<?>, Set<Object>> values = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> entry : ((ConfigObject) item).entrySet()) {
        SpecField<?> field = axes.contains(entry.getKey()) ? SpecField.byKey(entry.getKey()) : null;
        if (field == null) {
          String suggestion = Suggest.closest(entry.getKey(), axes);
          problems.add("unknown key '" + entry.getKey() + "' in " + where + at(entry.getValue())
              + (suggestion != null ? ": did you mean '" + suggestion + "'?" : ": must be one of " + axes));
          continue;
        }
        values.put(field, new LinkedHashSet<>(axis(field, entry.getValue(), problems)));
      }
      filters.add(new Filter(values));
    }
    return filters;
  }

  private static String invalid(ConfigValue raw, String path, String rule) {
    return "'" + text(raw) + "' in " + path + " is invalid" + at(raw) + ": " + rule;
  }

  private static String text(ConfigValue raw) {
    return raw.valueType() == ConfigValueType.STRING || raw.valueType() == ConfigValueType.NUMBER
        ? String.valueOf(raw.unwrapped())
        : raw.render(ConfigRenderOptions.concise());
  }

  private static String at(ConfigValue raw) {
    int line = raw.origin().lineNumber();
    return line > 0 ? " (line " + line + ")" : "";
  }
}
