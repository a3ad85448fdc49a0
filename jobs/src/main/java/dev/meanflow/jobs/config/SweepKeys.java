package dev.meanflow.jobs.config;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Keyed;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.KnobType;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.Switch;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.search.Search;
import dev.meanflow.jobs.search.SearchKind;
import dev.meanflow.jobs.search.SeedRanking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every key a sweep file may hold: the sweep-level settings declared here, and one grid key per identity knob of
 * the knob registry. {@link #reference()} renders the documented reference ({@code conf/reference.conf},
 * {@code meanflow sweep --describe-keys}) from these declarations.
 */
public final class SweepKeys {
  private SweepKeys() {}

  public static final String GRID = "grid";
  public static final String EXCLUDE = "exclude";
  /** Not "include": that is a HOCON keyword. */
  public static final String INCLUDE = "include-only";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public static final Setting<String> NAME_KEY = new Setting<>("sweep.name",
      "Name of the sweep: every row carries it, resume matches on it, and the default output is runs/<name>. "
          + "Empty = the file name without .conf.",
      KnobType.text(), "", s -> s.isEmpty() || NAME.matcher(s).matches(),
      "must be empty or match " + NAME.pattern());
  public static final Setting<Integer> MAX_PARALLEL = new Setting<>("sweep.max-parallel",
      "Trials running at once (one Spark job each). 0 = spark default parallelism / spark.task.cpus.",
      KnobType.integer(), 0, v -> v >= 0 && v <= 100_000, "must be in [0, 100000]");
  public static final Setting<String> FUSE = new Setting<>("sweep.fuse",
      "Trials equal in every knob a fused group shares (" + sharedKnobs() + ") train as one fused network, "
          + "at most this many per Spark task: auto (" + Fuse.AUTO_CPU
          + " on CPU executors, " + Fuse.AUTO_GPU + " with GPUs), off (one trial per task) or a number. Groups "
          + "are made smaller when there are fewer trials than task slots would need. Results equal the unfused "
          + "trials'.",
      KnobType.text(), "auto", Fuse::valid, Fuse.RULE);
  public static final Setting<String> SUMMARY_METRIC = new Setting<>("sweep.summary-metric",
      "Metric (a column of evals) that ranks configurations in the final summary.",
      KnobType.text(), Metric.CELL_TV.column(), s -> Metric.byColumn(s).isPresent(),
      "must be one of " + Metric.columns());

  public static final Setting<SearchKind> SEARCH_KIND = new Setting<>("search.kind",
      "grid trains every trial to its iterations; halving is successive halving (asynchronous, ASHA): every "
          + "configuration trains to the first rung, the best 1/eta of each rung continue from their checkpoint to "
          + "the next, up to the trial's iterations.",
      KnobType.oneOf(SearchKind.class), SearchKind.GRID, v -> true, "must be one of " + Keyed.keys(SearchKind.class));
  public static final Setting<Integer> SEARCH_ETA = new Setting<>("search.eta",
      "Halving: each rung keeps the best 1/eta of what reached it.",
      KnobType.integer(), Search.GRID.eta(), v -> v >= 2 && v <= 100, "must be in [2, 100]");
  public static final Setting<List<Integer>> SEARCH_RUNGS = new Setting<>("search.rungs",
      "Halving: the budgets of the rungs below the last, in iterations, increasing and below every trial's "
          + "iterations (the last rung). Empty = iterations / eta^2 and iterations / eta.",
      KnobType.integerList(), Search.GRID.rungs(), v -> v.stream().allMatch(b -> b >= 1),
      "every budget must be >= 1");
  public static final Setting<String> SEARCH_METRIC = new Setting<>("search.metric",
      "Halving: the metric (a column of evals) that ranks a rung, in its better direction.",
      KnobType.text(), Search.GRID.metric().column(), s -> Metric.byColumn(s).isPresent(),
      "must be one of " + Metric.columns());
  public static final Setting<Integer> SEARCH_STEPS = new Setting<>("search.steps",
      "Halving: the sampling step count at which search.metric ranks; one of every trial's eval-steps.",
      KnobType.integer(), Search.GRID.steps(), v -> v >= 1 && v <= 100_000, "must be in [1, 100000]");
  public static final Setting<SeedRanking> SEARCH_SEEDS = new Setting<>("search.seeds",
      "Halving: together ranks a configuration by its mean over its seeds and promotes or stops them as one "
          + "(a diverged seed stops it); alone ranks every seed on its own.",
      KnobType.oneOf(SeedRanking.class), Search.GRID.seeds(), v -> true,
      "must be one of " + Keyed.keys(SeedRanking.class));
  public static final Setting<Switch> SEARCH_KEEP_CHECKPOINTS = new Setting<>("search.keep-checkpoints",
      "Halving: on keeps every rung's checkpoint under <output>/_checkpoints; off removes a trial's once it is "
          + "finished or stopped.",
      KnobType.oneOf(Switch.class), Switch.OFF, v -> true, "must be one of " + Keyed.keys(Switch.class));

  public static final List<Setting<?>> SETTINGS = List.of(NAME_KEY, MAX_PARALLEL, FUSE, SUMMARY_METRIC, SEARCH_KIND,
      SEARCH_ETA, SEARCH_RUNGS, SEARCH_METRIC, SEARCH_STEPS, SEARCH_SEEDS, SEARCH_KEEP_CHECKPOINTS);

  /** Keys of earlier versions, with what replaced them: named in the error instead of a bare "unknown key". */
  public static final Map<String, String> REMOVED = Map.of(
      "sweep.flush-trials", "removed: every trial lands on its own as soon as it ends",
      "sweep.flush-seconds", "removed: every trial lands on its own as soon as it ends");

  /** The grid knobs whose values the members of a fused group share, by key. */
  private static String sharedKnobs() {
    return String.join(", ", gridKnobs().stream().filter(k -> !k.perMember()).map(Knob::key).toList());
  }

  /** Knobs users write under {@code grid}: every identity knob (the runtime ones are the executor's). */
  public static List<Knob<?>> gridKnobs() {
    return Knobs.REGISTRY.knobs().stream().filter(Knob::identity).toList();
  }

  /** Knobs that take one value after another (an axis); list-valued knobs are given once. */
  public static List<Knob<?>> axes() {
    return gridKnobs().stream().filter(k -> !k.listValued()).toList();
  }

  /** Every valid leaf path of a sweep file. */
  public static List<String> paths() {
    List<String> paths = new ArrayList<>();
    SETTINGS.forEach(s -> paths.add(s.path()));
    gridKnobs().forEach(k -> paths.add(GRID + "." + k.key()));
    paths.add(EXCLUDE);
    paths.add(INCLUDE);
    return paths;
  }

  /** The documented reference of every key with its default, as a valid HOCON file. */
  public static String reference() {
    TrialSpec defaults = TrialSpec.builder().build();
    StringBuilder out = new StringBuilder();
    out.append("# Every key of a meanflow sweep file, with its default. Generated from the declarations of the\n")
        .append("# knob registry (dev.meanflow.core.spec.Knobs) and the sweep settings (dev.meanflow.jobs.config.\n")
        .append("# SweepKeys): `meanflow sweep --describe-keys` prints it.\n\n")
    ;
    for (String block : SETTINGS.stream().map(SweepKeys::block).distinct().toList()) {
      out.append(block).append(" {\n");
      for (Setting<?> s : SETTINGS.stream().filter(s -> block(s).equals(block)).toList()) {
        comment(out, s.doc() + " Type: " + s.type().accepted() + "; " + s.rule() + ".");
        out.append("  ").append(s.path().substring(block.length() + 1)).append(" = ")
            .append(hocon(render(s))).append("\n");
      }
      out.append("}\n\n");
    }
    out
        .append("# Axes: each key takes a list of values (a single value means a one-element list). The sweep\n")
        .append("# runs every combination; a knob that does not apply to a trial (e.g. an MF-only knob on an fm\n")
        .append("# trial) is reset to its default, so such a trial is not trained once per value. The trial id\n")
        .append("# hashes the knobs away from their defaults, so adding a knob keeps every existing id.\n")
        .append("grid {\n");
    for (Knob<?> k : gridKnobs()) {
      String kind = k.listValued() ? "A list" : "Axis of " + plural(k.type().accepted());
      String applies = k.appliesDoc().isEmpty() ? "" : " Applies: " + k.appliesDoc() + ".";
      String rules = k.rules().isEmpty() ? "" : " Rules: " + String.join("; ", k.rules()) + ".";
      comment(out, k.doc() + " " + kind + "." + applies + rules);
      String value = k.render(defaults.get(k));
      if (k.defaultValue() == null) {
        out.append("  # ").append(k.key()).append(" = [").append(value).append("]  (default depends on the other ")
            .append("knobs, see above)\n");
      } else {
        out.append("  ").append(k.key()).append(" = ").append(k.listValued() ? value : "[" + value + "]")
            .append("\n");
      }
    }
    out.append("}\n\n")
        .append("# Filters: a list of objects mapping axis keys to a value or a list of values. A trial matches an\n")
        .append("# object when each of its keys holds one of the listed values. A trial runs when it matches no\n")
        .append("# exclude object and, if include-only is not empty, at least one include-only object.\n")
        .append("exclude = []  # e.g. [{flow = fm, direction = forward}]\n")
        .append("include-only = []\n");
    return out.toString();
  }

  /** The object a setting lives in: sweep or search. */
  public static String block(Setting<?> s) {
    return s.path().substring(0, s.path().indexOf('.'));
  }

  private static <T> String render(Setting<T> s) {
    return s.type().render(s.defaultValue());
  }

  private static String hocon(String value) {
    if (value.startsWith("[")) {
      return value;
    }
    return value.isEmpty() || !value.matches("[A-Za-z0-9._-]+") ? "\"" + value + "\"" : value;
  }

  private static String plural(String accepted) {
    return accepted.startsWith("an integer") ? "integers" : accepted.startsWith("a number") ? "numbers" : accepted;
  }

  private static void comment(StringBuilder out, String text) {
    StringBuilder line = new StringBuilder("  #");
    for (String word : text.split(" ")) {
      if (line.length() + word.length() + 1 > 112) {
        out.append(line).append("\n");
        line = new StringBuilder("  #");
      }
      line.append(' ').append(word);
    }
    out.append(line).append("\n");
  }
}
