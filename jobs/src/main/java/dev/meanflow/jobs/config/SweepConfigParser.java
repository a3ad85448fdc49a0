package dev.meanflow.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.Problem;
import java.nio.file.Path;
import dev.meanflow.core.spec.Switch;
import dev.meanflow.jobs.search.Search;
import dev.meanflow.jobs.search.SearchKind;
import dev.meanflow.jobs.search.SeedRanking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a HOCON sweep file into a {@link SweepDefinition}, collecting every problem (naming the key, the value,
 * what is accepted and the line) instead of stopping at the first. Phase one reads each key on its own; phase two
 * ({@link GridExpander}) checks the combinations.
 */
public final class SweepConfigParser {
  private SweepConfigParser() {}

  /** Either a definition or the problems that prevent one. */
  public record Result(SweepDefinition definition, List<Problem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }

    /** One line per problem, as printed. */
    public List<String> messages() {
      return problems.stream().map(Problem::message).toList();
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
      return new Result(null, List.of(Problem.general(e.getMessage())));
    }
    return parse(config, defaultName);
  }

  /** Parses a sweep file on disk: includes ({@code include required("seed.conf")}) resolve next to it. */
  public static Result parseFile(Path file, String defaultName) {
    Config config;
    try {
      config = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
    } catch (ConfigException e) {
      return new Result(null, List.of(Problem.general(e.getMessage())));
    }
    return parse(config, defaultName);
  }

  static Result parse(Config config, String defaultName) {
    if (config.isEmpty()) {
      // an empty file would otherwise run the defaults: one 5001-iteration trial nobody asked for
      return new Result(null, List.of(Problem.general("the sweep file has no keys: give at least a grid, e.g. "
          + "grid { flow = [fm, mf] }")));
    }
    List<Problem> problems = new ArrayList<>();
    unknownKeys(config, problems);

    String name = setting(config, SweepKeys.NAME_KEY, problems);
    if (name != null && name.isEmpty()) {
      name = defaultName;
      Problem problem = SweepKeys.NAME_KEY.problem(name);
      if (problem != null) {
        problems.add(Problem.invalid(problem.key(), problem.value(),
            problem.rule() + " (taken from the file name: set sweep.name)"));
      }
    }
    Integer maxParallel = setting(config, SweepKeys.MAX_PARALLEL, problems);
    String metric = setting(config, SweepKeys.SUMMARY_METRIC, problems);
    String fuse = setting(config, SweepKeys.FUSE, problems);
    Search search = search(config, problems);

    Map<Knob<?>, List<Object>> values = new LinkedHashMap<>();
    Set<Knob<?>> explicit = new LinkedHashSet<>();
    for (Knob<?> knob : SweepKeys.gridKnobs()) {
      String path = SweepKeys.GRID + "." + knob.key();
      ConfigValue raw = valueOrNull(config, path);
      List<Object> parsed = raw == null ? List.of()
          : knob.listValued() ? single(knob, raw, problems)
          : axis(knob, raw, problems);
      // An unreadable axis is already a problem; its default keeps the combination checks going.
      if (parsed.isEmpty()) {
        values.put(knob, Arrays.asList((Object) null));
      } else {
        explicit.add(knob);
        values.put(knob, parsed);
      }
    }
    List<Filter> excludes = filters(config, SweepKeys.EXCLUDE, problems);
    List<Filter> includes = filters(config, SweepKeys.INCLUDE, problems);
    GridExpander.Expansion expansion = GridExpander.expand(values, explicit, excludes, includes, problems.isEmpty());
    problems.addAll(expansion.problems());
    if (problems.isEmpty()) {
      problems.addAll(search.problems(expansion.trials()));
    }
    if (!problems.isEmpty()) {
      return new Result(null, List.copyOf(problems));
    }
    return new Result(new SweepDefinition(name, maxParallel, Fuse.parse(fuse),
        Metric.byColumn(metric).orElseThrow(), search, expansion.trials()), List.of());
  }

  private static void unknownKeys(Config config, List<Problem> problems) {
    List<String> known = SweepKeys.paths();
    Map<String, ConfigValue> leaves = new LinkedHashMap<>();
    leaves(config.root(), "", leaves);
    leaves.forEach((path, value) -> {
      if (known.contains(path)) {
        return;
      }
      if (path.equals(SweepKeys.GRID) || path.equals("sweep") || path.equals("search")) {
        problems.add(HoconValues.invalid(value, path, "must be an object like " + path + " { ... }"));
        return;
      }
      if (SweepKeys.REMOVED.containsKey(path)) {
        problems.add(Problem.unknownKey(path, SweepKeys.REMOVED.get(path)).at(HoconValues.line(value)));
        return;
      }
      String suggestion = Suggest.closest(path, known);
      problems.add(Problem.unknownKey(path, suggestion != null ? "did you mean '" + suggestion + "'?"
          : "see `meanflow sweep --describe-keys`").at(HoconValues.line(value)));
    });
  }

  /** Every leaf value by path, nulls included ({@code Config.entrySet} leaves them out). */
  private static void leaves(ConfigObject object, String prefix, Map<String, ConfigValue> into) {
    object.forEach((key, value) -> {
      String path = prefix + key;
      if (value.valueType() == ConfigValueType.OBJECT && !SweepKeys.paths().contains(path)) {
        leaves((ConfigObject) value, path + ".", into);
      } else {
        into.put(path, value);
      }
    });
  }

  /** The value at {@code path}, a HOCON null included (which {@code Config.getValue} refuses), or null if absent. */
  private static ConfigValue valueOrNull(Config config, String path) {
    if (!config.hasPathOrNull(path)) {
      return null;
    }
    List<String> keys = ConfigUtil.splitPath(path);
    ConfigObject parent = config.root();
    for (String key : keys.subList(0, keys.size() - 1)) {
      parent = (ConfigObject) parent.get(key);
    }
    return parent.get(keys.get(keys.size() - 1));
  }

  /** The search settings; an unreadable one is a problem already, and the default stands in for it. */
  private static Search search(Config config, List<Problem> problems) {
    SearchKind kind = orDefault(setting(config, SweepKeys.SEARCH_KIND, problems), SweepKeys.SEARCH_KIND);
    Integer eta = orDefault(setting(config, SweepKeys.SEARCH_ETA, problems), SweepKeys.SEARCH_ETA);
    List<Integer> rungs = orDefault(setting(config, SweepKeys.SEARCH_RUNGS, problems), SweepKeys.SEARCH_RUNGS);
    String metric = orDefault(setting(config, SweepKeys.SEARCH_METRIC, problems), SweepKeys.SEARCH_METRIC);
    Integer steps = orDefault(setting(config, SweepKeys.SEARCH_STEPS, problems), SweepKeys.SEARCH_STEPS);
    SeedRanking seeds = orDefault(setting(config, SweepKeys.SEARCH_SEEDS, problems), SweepKeys.SEARCH_SEEDS);
    Switch keep = orDefault(setting(config, SweepKeys.SEARCH_KEEP_CHECKPOINTS, problems),
        SweepKeys.SEARCH_KEEP_CHECKPOINTS);
    return new Search(kind, eta, rungs, Metric.byColumn(metric).orElseThrow(), steps, seeds, keep.on());
  }

  private static <T> T orDefault(T value, Setting<T> setting) {
    return value == null ? setting.defaultValue() : value;
  }

  private static <T> T setting(Config config, Setting<T> setting, List<Problem> problems) {
    ConfigValue raw = valueOrNull(config, setting.path());
    if (raw == null) {
      return setting.defaultValue();
    }
    T value = HoconValues.read(setting.type(), setting.path(), raw, problems);
    if (value == null) {
      return null;
    }
    Problem problem = setting.problem(value);
    if (problem != null) {
      problems.add(problem.at(HoconValues.line(raw)));
      return null;
    }
    return value;
  }

  private static List<Object> single(Knob<?> knob, ConfigValue raw, List<Problem> problems) {
    Object value = HoconValues.read(knob.type(), SweepKeys.GRID + "." + knob.key(), raw, problems);
    return value == null ? List.of() : List.of(value);
  }

  private static List<Object> axis(Knob<?> knob, ConfigValue raw, List<Problem> problems) {
    String path = SweepKeys.GRID + "." + knob.key();
    List<ConfigValue> items = raw.valueType() == ConfigValueType.LIST ? new ArrayList<>((ConfigList) raw) : List.of(raw);
    if (items.isEmpty()) {
      problems.add(Problem.empty(path, "give at least one value (" + knob.type().accepted() + ")")
          .at(HoconValues.line(raw)));
    }
    Set<Object> out = new LinkedHashSet<>();
    for (ConfigValue item : items) {
      Object value = HoconValues.read(knob.type(), path, item, problems);
      if (value != null) {
        out.add(value);
      }
    }
    return new ArrayList<>(out);
  }

  private static List<Filter> filters(Config config, String path, List<Problem> problems) {
    ConfigValue raw = valueOrNull(config, path);
    if (raw == null) {
      return List.of();
    }
    String shape = "must be a list of objects like [{flow = fm, direction = forward}]";
    if (raw.valueType() != ConfigValueType.LIST) {
      problems.add(HoconValues.invalid(raw, path, shape));
      return List.of();
    }
    List<Filter> filters = new ArrayList<>();
    List<String> axes = SweepKeys.axes().stream().map(Knob::key).toList();
    int i = 0;
    for (ConfigValue item : (ConfigList) raw) {
      String where = path + "[" + i++ + "]";
      if (item.valueType() != ConfigValueType.OBJECT) {
        problems.add(HoconValues.invalid(item, where, shape));
        continue;
      }
      Map<Knob<?>, Set<Object>> values = new LinkedHashMap<>();
      for (Map.Entry<String, ConfigValue> entry : ((ConfigObject) item).entrySet()) {
        Knob<?> knob = axes.contains(entry.getKey()) ? Knobs.REGISTRY.find(entry.getKey()).orElseThrow() : null;
        if (knob == null) {
          String suggestion = Suggest.closest(entry.getKey(), axes);
          problems.add(Problem.unknownKey(where + "." + entry.getKey(), suggestion != null
              ? "did you mean '" + suggestion + "'?" : "must be one of " + axes)
              .at(HoconValues.line(entry.getValue())));
          continue;
        }
        values.put(knob, new LinkedHashSet<>(axis(knob, entry.getValue(), problems)));
      }
      filters.add(new Filter(values));
    }
    return filters;
  }
}
