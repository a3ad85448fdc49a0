package dev.meanflow.jobs.config;

import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.tables.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every key a sweep file may hold, each declared once. {@link #reference()} renders the documented reference
 * ({@code conf/reference.conf}, {@code meanflow sweep --describe-keys}) from these declarations.
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
      ValueType.string(), "", s -> s.isEmpty() || NAME.matcher(s).matches(),
      "must be empty or match " + NAME.pattern());
  public static final Setting<Integer> FLUSH_TRIALS = new Setting<>("sweep.flush-trials",
      "Finished trials buffered on the driver before they are written (a killed sweep loses at most these).",
      ValueType.integer(), 8, v -> v >= 1 && v <= 10_000, "must be in [1, 10000]");
  public static final Setting<Integer> FLUSH_SECONDS = new Setting<>("sweep.flush-seconds",
      "Longest time a finished trial waits in the driver's buffer before it is written.",
      ValueType.integer(), 60, v -> v >= 1 && v <= 86_400, "must be in [1, 86400]");
  public static final Setting<Integer> MAX_PARALLEL = new Setting<>("sweep.max-parallel",
      "Trials running at once (one Spark job each). 0 = spark default parallelism / spark.task.cpus.",
      ValueType.integer(), 0, v -> v >= 0 && v <= 100_000, "must be in [0, 100000]");
  public static final Setting<String> SUMMARY_METRIC = new Setting<>("sweep.summary-metric",
      "Metric (a column of evals) that ranks configurations in the final summary.",
      ValueType.string(), Metric.CELL_TV.column(), SweepKeys::isMetric, "must be one of " + Metric.columns());

  public static final List<Setting<?>> SETTINGS = List.of(NAME_KEY, FLUSH_TRIALS, FLUSH_SECONDS, MAX_PARALLEL,
      SUMMARY_METRIC);

  /** Spec fields users write under {@code grid}: the axes and the fixed eval-steps list. */
  public static List<SpecField<?>> gridFields() {
    return SpecField.ALL.stream().filter(f -> f.role() != SpecField.Role.RUNTIME).toList();
  }

  /** Every valid leaf path of a sweep file. */
  public static List<String> paths() {
    List<String> paths = new ArrayList<>();
    SETTINGS.forEach(s -> paths.add(s.path()));
    gridFields().forEach(f -> paths.add(GRID + "." + f.key()));
    paths.add(EXCLUDE);
    paths.add(INCLUDE);
    return paths;
  }

  private static boolean isMetric(String column) {
    return Metric.columns().contains(column);
  }

  /** The documented reference of every key with its default, as a valid HOCON file. */
  public static String reference() {
    TrialSpec mf = TrialSpec.builder().build();
    StringBuilder out = new StringBuilder();
    out.append("# Every key of a meanflow sweep file, with its default. Generated from the declarations in\n")
        .append("# dev.meanflow.jobs.config (SweepKeys, SpecField): `meanflow sweep --describe-keys` prints it.\n\n")
        .append("sweep {\n");
    for (Setting<?> s : SETTINGS) {
      comment(out, s.doc() + " Type: " + s.type().accepted() + "; " + s.rule() + ".");
      out.append("  ").append(s.path().substring("sweep.".length())).append(" = ")
          .append(hocon(render(s))).append("\n");
    }
    out.append("}\n\n")
        .append("# Axes: each key takes a list of values (a single value means a one-element list). The sweep\n")
        .append("# runs every combination; MF-only knobs are reset to their defaults on fm trials, so fm is not\n")
        .append("# trained once per MF knob value. The trial id is a hash of the normalized trial.\n")
        .append("grid {\n");
    for (SpecField<?> f : gridFields()) {
      String kind = f.role() == SpecField.Role.AXIS ? "Axis of " + plural(f.type().accepted()) : "A list";
      comment(out, f.doc() + " " + kind + ".");
      if (f.key().equals("sampler")) {
        out.append("  # sampler = [consistent]  (absent: euler for fm, writeup for mf)\n");
        continue;
      }
      String value = f.render(f.get().apply(mf));
      out.append("  ").append(f.key()).append(" = ")
          .append(f.role() == SpecField.Role.FIXED ? value : "[" + value + "]").append("\n");
    }
    out.append("}\n\n")
        .append("# Filters: a list of objects mapping axis keys to a value or a list of values. A trial matches an\n")
        .append("# object when each of its keys holds one of the listed values. A trial runs when it matches no\n")
        .append("# exclude object and, if include-only is not empty, at least one include-only object.\n")
        .append("exclude = []  # e.g. [{flow = fm, direction = forward}]\n")
        .append("include-only = []\n");
    return out.toString();
  }

  private static <T> String render(Setting<T> s) {
    return s.type().render(s.defaultValue());
  }

  private static String hocon(String value) {
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
