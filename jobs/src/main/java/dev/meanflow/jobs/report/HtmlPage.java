package dev.meanflow.jobs.report;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.compare.PairedComparison;
import dev.meanflow.jobs.compare.SeedStats;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The report's index.html: one self-contained page (inline CSS, relative image paths, no script, nothing fetched
 * from the network). Every value from the tables is escaped.
 */
final class HtmlPage {
  /** Rows of the best-configurations table per step count. */
  static final int TOP = 5;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** A table cell holding markup built here (already escaped), rather than text to escape. */
  private record Markup(String html) {}

  private final SweepData data;
  private final List<Figure> figures;
  private final String root;
  private final StringBuilder out = new StringBuilder(64 * 1024);

  private HtmlPage(SweepData data, List<Figure> figures, String root) {
    this.data = data;
    this.figures = figures;
    this.root = root;
  }

  static String render(SweepData data, List<Figure> figures, String root) {
    return new HtmlPage(data, figures, root).page();
  }

  private String page() {
    String sweeps = distinct(data.trials(), TrialRecord::sweep);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n")
        .append("<title>").append(Html.escape("Sweep report: " + sweeps)).append("</title>\n<style>\n")
        .append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
    header(sweeps);
    summary();
    for (Figure.Section section : Figure.Section.values()) {
      if (section == Figure.Section.HALVING) {
        halving();
      } else {
        figureSection(section);
      }
    }
    best();
    problems();
    provenance();
    allTrials();
    out.append("</main>\n</body>\n</html>\n");
    return out.toString();
  }

  private void header(String sweeps) {
    long ok = data.trials().stream().filter(TrialRecord::ok).count();
    long diverged = data.trials().stream().filter(t -> t.status() == TrialStatus.DIVERGED).count();
    long failed = data.trials().size() - ok - diverged;
    long runs = data.trials().stream().map(TrialRecord::runId).distinct().count();
    out.append("<h1>Sweep report: ").append(Html.escape(sweeps)).append("</h1>\n<p class=\"lede\">")
        .append(data.trials().size()).append(" trials in ").append(runs).append(runs == 1 ? " run" : " runs")
        .append(": ").append(ok).append(" OK, ").append(diverged).append(" diverged, ").append(failed)
        .append(" failed; ").append(data.groups().size()).append(" configurations with replicate seeds. ")
        .append("Read from <code>").append(Html.escape(root)).append("</code>, generated ")
        .append(Html.escape(TIME.format(Instant.now()))).append(".</p>\n<nav>");
    List<String[]> links = new ArrayList<>();
    links.add(new String[] {"summary", "FM vs MF"});
    for (Figure.Section section : Figure.Section.values()) {
      if (figures.stream().anyMatch(f -> f.section() == section)
          || (section == Figure.Section.HALVING && !data.searches().isEmpty())) {
        links.add(new String[] {section.anchor(), section.heading()});
      }
    }
    links.add(new String[] {"best", "Best configurations"});
    links.add(new String[] {"problems", "Failed and diverged"});
    links.add(new String[] {"provenance", "Provenance"});
    links.add(new String[] {"trials", "All trials"});
    out.append(links.stream().map(l -> "<a href=\"#" + l[0] + "\">" + Html.escape(l[1]) + "</a>")
        .collect(Collectors.joining(" ")));
    out.append("</nav>\n");
  }

  private void summary() {
    out.append("<section id=\"summary\">\n<h2>FM vs MF by step count and direction</h2>\n")
        .append("<p class=\"note\">Each cell: mean ± sample standard deviation over replicate seeds (n seeds). ")
        .append("When a flow has several configurations in a direction, the one with the best mean at that step ")
        .append("count is shown and named. MF − FM: the difference of the means, with the p-value of a paired ")
        .append("t-test over the seeds both ran; \"within noise\" when p ≥ ").append(PairedComparison.NOISE_LEVEL)
        .append(".</p>\n");
    for (String target : data.targets()) {
      Metric primary = SweepData.kind(target).primaryMetric();
      Metric secondary = SweepData.kind(target).secondaryMetric();
      List<List<Object>> rows = new ArrayList<>();
      for (String direction : directions(target)) {
        for (int steps : data.steps(target)) {
          TrialGroup fm = best(target, "fm", direction, steps, primary);
          TrialGroup mf = best(target, "mf", direction, steps, primary);
          SeedStats fmStat = fm == null ? null : data.stat(fm, steps, primary);
          SeedStats mfStat = mf == null ? null : data.stat(mf, steps, primary);
          String delta = fmStat == null || mfStat == null ? "–" : signed(mfStat.mean() - fmStat.mean())
              + noise(PairedComparison.of(mf.replicates().bySeed(steps, primary),
                  fm.replicates().bySeed(steps, primary)));
          rows.add(List.of(direction, Integer.toString(steps),
              cellStat(fm, steps, primary), cellStat(fm, steps, secondary),
              cellStat(mf, steps, primary), cellStat(mf, steps, secondary),
              mf == null ? "–" : mf.variant().isEmpty() ? "(single configuration)" : mf.variant(), delta));
        }
      }
      out.append("<h3>").append(Html.escape(target)).append("</h3>\n");
      table("summary-" + target, "summary", List.of("direction", "steps", "FM " + primary.title(),
          "FM " + secondary.title(), "MF " + primary.title(), "MF " + secondary.title(), "MF configuration",
          "MF − FM " + primary.title()), rows, Set.of(1, 2, 3, 4, 5, 7));
      out.append("<p class=\"note\">").append(Html.escape(primary.axisTitle())).append("; ")
          .append(Html.escape(secondary.axisTitle())).append(".</p>\n");
    }
    out.append("</section>\n");
  }

  private void figureSection(Figure.Section section) {
    List<Figure> mine = figures.stream().filter(f -> f.section() == section).toList();
    if (mine.isEmpty()) {
      return;
    }
    out.append("<section id=\"").append(section.anchor()).append("\">\n<h2>")
        .append(Html.escape(section.heading())).append("</h2>\n");
    mine.forEach(this::figure);
    out.append("</section>\n");
  }

  private void figure(Figure f) {
    out.append("<figure><img src=\"").append(Html.escape(f.file())).append("\" width=\"").append(f.width())
        .append("\" height=\"").append(f.height()).append("\" alt=\"").append(Html.escape(f.title()))
        .append("\"><figcaption>").append(Html.escape(f.caption())).append("</figcaption></figure>\n");
  }

  /** Per target: the compute spent against the full grid's, the search's figure, what each rung kept, every path. */
  private void halving() {
    if (data.searches().isEmpty()) {
      return;
    }
    Figure.Section section = Figure.Section.HALVING;
    out.append("<section id=\"").append(section.anchor()).append("\">\n<h2>")
        .append(Html.escape(section.heading())).append("</h2>\n<p class=\"note\">The tables above and below rank "
            + "the trials that reached their cells' full budget; this section shows how the search chose them.</p>\n");
    for (SearchRungs search : data.searches()) {
      out.append("<h3>").append(Html.escape(search.target())).append(" · ranked by ")
          .append(Html.escape(search.metric().title())).append(" at ").append(search.steps())
          .append(search.steps() == 1 ? " step" : " steps").append("</h3>\n<p>Compute: <b>")
          .append(String.format(Locale.ROOT, "%,d", search.spent())).append("</b> of the full grid's ")
          .append(String.format(Locale.ROOT, "%,d", search.grid())).append(" trial-iterations (")
          .append(search.grid() == 0 ? "–" : Math.round(100.0 * search.spent() / search.grid()) + "%")
          .append(").</p>\n");
      figures.stream().filter(f -> f.section() == section && f.file().equals("halving-" + search.target() + ".png"))
          .forEach(this::figure);
      List<List<Object>> rungs = new ArrayList<>();
      for (SearchRungs.Rung r : search.rungs()) {
        rungs.add(List.of(Integer.toString(r.index()), String.format(Locale.ROOT, "%,d", r.budget()),
            Integer.toString(r.reached()), Integer.toString(r.promoted()), Integer.toString(r.stopped()),
            Integer.toString(r.notOk()), Integer.toString(r.completed())));
      }
      table("halving-rungs-" + search.target(), "halving", List.of("rung", "iterations", "configurations reached",
          "promoted", "stopped", "diverged or failed", "completed"), rungs, Set.of(0, 1, 2, 3, 4, 5, 6));
      List<List<Object>> paths = new ArrayList<>();
      for (SearchRungs.Path p : search.paths()) {
        paths.add(List.of(p.label(), Integer.toString(p.seeds()), Integer.toString(p.lastRung()),
            String.format(Locale.ROOT, "%,d", p.iterations().get(p.iterations().size() - 1)),
            Format.metric(p.lastScore()), p.finalist() ? new Markup("<b>finalist</b>") : p.fate()));
      }
      out.append("<details>\n<summary>Every configuration (").append(paths.size())
          .append("), finalists first, best first</summary>\n");
      table("halving-paths-" + search.target(), "halving", List.of("configuration", "seeds", "last rung",
          "iterations", search.metric().column() + " there", "fate"), paths, Set.of(1, 2, 3, 4));
      out.append("</details>\n");
    }
    out.append("</section>\n");
  }

  private void best() {
    out.append("<section id=\"best\">\n<h2>Best configurations</h2>\n");
    for (String target : data.targets()) {
      TargetKind kind = SweepData.kind(target);
      Metric primary = kind.primaryMetric();
      Metric secondary = kind.secondaryMetric();
      List<List<Object>> rows = new ArrayList<>();
      for (int steps : AblationFigure.comparedSteps(data.steps(target))) {
        List<TrialGroup> ranked = data.comparison().ranked(g -> g.target() == kind, steps, primary)
            .stream().limit(TOP).map(data::group).toList();
        for (int i = 0; i < ranked.size(); i++) {
          TrialGroup g = ranked.get(i);
          rows.add(List.of(Integer.toString(steps), Integer.toString(i + 1), g.label(),
              cellStat(g, steps, primary), cellStat(g, steps, secondary), seeds(g)));
        }
      }
      out.append("<h3>").append(Html.escape(target)).append(" · ranked by ")
          .append(Html.escape(primary.axisTitle())).append("</h3>\n");
      table("best-" + target, "best", List.of("steps", "rank", "configuration", primary.title(),
          secondary.title(), "seeds"), rows, Set.of(0, 1, 3, 4));
    }
    out.append("</section>\n");
  }

  private void problems() {
    out.append("<section id=\"problems\">\n<h2>Failed and diverged trials</h2>\n");
    List<TrialRecord> problems = data.problems();
    if (problems.isEmpty()) {
      out.append("<p>None: every trial finished OK.</p>\n</section>\n");
      return;
    }
    Map<String, List<String>> varying = TrialGroups.varyingKnobsOfAll(data.trials());
    List<List<Object>> rows = new ArrayList<>();
    for (TrialRecord t : problems) {
      rows.add(List.of(badge(t.status()), TrialGroups.describe(t, varying), t.target(), t.seed(),
          Integer.toString(t.iterationsDone()), t.trialId(), t.runId(), t.host(), t.message()));
    }
    table("problems-table", "problems", List.of("status", "configuration", "target", "seed", "iterations done",
        "trial", "run", "host", "message"), rows, Set.of(3, 4));
    out.append("</section>\n");
  }

  private void provenance() {
    out.append("<section id=\"provenance\">\n<h2>Provenance</h2>\n<h3>Runs</h3>\n");
    Map<String, List<TrialRecord>> byRun = new TreeMap<>(
        data.trials().stream().collect(Collectors.groupingBy(TrialRecord::runId)));
    List<List<Object>> runs = new ArrayList<>();
    byRun.forEach((run, trials) -> runs.add(List.of(distinct(trials, TrialRecord::sweep), run,
        Integer.toString(trials.size()), count(trials, TrialStatus.OK), count(trials, TrialStatus.DIVERGED),
        count(trials, TrialStatus.FAILED),
        time(trials.stream().map(TrialRecord::startedAt).filter(Objects::nonNull).min(Comparator.naturalOrder())),
        time(trials.stream().map(TrialRecord::finishedAt).filter(Objects::nonNull).max(Comparator.naturalOrder())),
        distinct(trials, t -> t.provenance().get("git_commit")))));
    table("runs", "provenance", List.of("sweep", "run id", "trials", "OK", "diverged", "failed", "first start",
        "last finish", "git commit"), runs, Set.of(2, 3, 4, 5));

    out.append("<h3>Versions and hosts</h3>\n");
    List<List<Object>> versions = new ArrayList<>();
    for (String column : TrialColumns.PROVENANCE) {
      versions.add(List.of(TrialColumns.key(column), counted(data.trials(), t -> t.provenance().get(column))));
    }
    versions.add(List.of("device", counted(data.trials(), TrialRecord::device)));
    table("versions", "provenance", List.of("field", "values (trials)"), versions, Set.of());

    out.append("<h3>Configuration</h3>\n<p class=\"note\">Every trial-spec column and its values in this sweep; "
        + "columns with more than one value are marked.</p>\n");
    List<List<Object>> config = new ArrayList<>();
    for (String column : TrialColumns.SPEC) {
      List<String> values = new ArrayList<>(new TreeSet<>(
          data.trials().stream().map(t -> t.spec().get(column)).toList()));
      values.sort(TrialGroups::compareValues);
      String shown = values.size() > 24
          ? String.join(", ", values.subList(0, 24)) + ", … (" + values.size() + " values)"
          : String.join(", ", values);
      config.add(List.of(TrialColumns.key(column), values.size() > 1 ? new Markup("<b>varies</b>") : "", shown));
    }
    table("config", "provenance", List.of("key", "", "values"), config, Set.of());
    out.append("</section>\n");
  }

  private void allTrials() {
    Map<String, List<String>> varying = TrialGroups.varyingKnobsOfAll(data.trials());
    List<List<Object>> rows = new ArrayList<>();
    for (TrialRecord t : data.trials()) {
      rows.add(List.of(t.trialId(), t.runId(), t.target(), TrialGroups.describe(t, varying), t.seed(),
          badge(t.status()), Format.metric(t.finalLoss()), Format.metric(t.iterationsPerSecond()),
          Format.metric(t.trainSeconds()), t.device(), t.host()));
    }
    out.append("<section id=\"trials\">\n<details>\n<summary>All ").append(rows.size())
        .append(" trials</summary>\n");
    table("trials-table", "trials", List.of("trial", "run", "target", "configuration", "seed", "status",
        "final loss", "it/s", "train s", "device", "host"), rows, Set.of(4, 6, 7, 8));
    out.append("</details>\n</section>\n");
  }

  private void table(String id, String cssClass, List<String> headers, List<List<Object>> rows,
      Set<Integer> numeric) {
    out.append("<table id=\"").append(Html.escape(id)).append("\" class=\"").append(cssClass)
        .append("\">\n<thead><tr>");
    for (String h : headers) {
      out.append("<th>").append(Html.escape(h)).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (List<Object> row : rows) {
      out.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        Object cell = row.get(i);
        out.append(numeric.contains(i) ? "<td class=\"num\">" : "<td>")
            .append(cell instanceof Markup m ? m.html() : Html.escape(String.valueOf(cell))).append("</td>");
      }
      out.append("</tr>\n");
    }
    out.append("</tbody>\n</table>\n");
  }

  /** The comparison's best configuration of one flow and direction on the target, or null. */
  private TrialGroup best(String target, String flow, String direction, int steps, Metric metric) {
    TargetKind kind = SweepData.kind(target);
    return data.comparison().best(g -> g.target() == kind && g.flow().key().equals(flow)
        && g.direction().key().equals(direction), steps, metric).map(data::group).orElse(null);
  }

  private List<String> directions(String target) {
    return data.groups(target).stream().map(TrialGroup::direction).distinct().sorted().toList();
  }

  /** mean ± sd (n), with the confidence interval of the mean on a second line when there are seeds to give one. */
  private Object cellStat(TrialGroup group, int steps, Metric metric) {
    if (group == null) {
      return "–";
    }
    SeedStats stat = data.stat(group, steps, metric);
    String ci = Format.ci(stat);
    return ci.isEmpty() ? Format.stat(stat)
        : new Markup(Html.escape(Format.stat(stat)) + "<br><small>" + Html.escape(ci) + "</small>");
  }

  private static String seeds(TrialGroup group) {
    return group.trials().stream().map(TrialRecord::seed).sorted(TrialGroups::compareValues)
        .collect(Collectors.joining(", "));
  }

  /** The paired test's verdict beside a difference: nothing with fewer than two shared seeds. */
  private static String noise(PairedComparison paired) {
    if (paired.pairs() < 2) {
      return "";
    }
    String p = String.format(Locale.ROOT, "p = %.2g", paired.pValue());
    return paired.significant() ? " (" + p + ")" : " (within noise, " + p + ")";
  }

  private static String signed(double value) {
    return (value > 0 ? "+" : "") + Format.metric(value);
  }

  private static Markup badge(TrialStatus status) {
    return new Markup("<span class=\"status status-" + status.name().toLowerCase(Locale.ROOT)
        + "\">" + status.name() + "</span>");
  }

  private static String count(List<TrialRecord> trials, TrialStatus status) {
    return Long.toString(trials.stream().filter(t -> t.status() == status).count());
  }

  private static String time(Optional<Timestamp> time) {
    return time.map(t -> TIME.format(t.toInstant())).orElse("–");
  }

  private static String distinct(List<TrialRecord> trials, Function<TrialRecord, String> field) {
    return trials.stream().map(field).filter(v -> v != null && !v.isEmpty()).distinct().sorted()
        .collect(Collectors.joining(", "));
  }

  /** "a (12), b (3)": each distinct value with the number of trials that recorded it. */
  private static String counted(List<TrialRecord> trials, Function<TrialRecord, String> field) {
    Map<String, Long> counts = new LinkedHashMap<>(new TreeMap<>(trials.stream()
        .collect(Collectors.groupingBy(t -> {
          String v = field.apply(t);
          return v == null || v.isEmpty() ? "(not recorded)" : v;
        }, Collectors.counting()))));
    return counts.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", "));
  }

  private static final String CSS = """
      :root { --ink: #222; --muted: #666; --line: #ddd; --fm: #0072B2; --mf: #D55E00; }
      body { margin: 0; background: #fafafa; color: var(--ink);
             font: 15px/1.5 "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
      main { max-width: 1480px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
      h1 { font-size: 28px; margin: 0 0 4px; }
      h2 { font-size: 22px; margin: 40px 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
      h3 { font-size: 17px; margin: 24px 0 8px; }
      .lede { color: var(--muted); margin: 0 0 12px; }
      .note { color: var(--muted); font-size: 13px; margin: 4px 0 8px; }
      nav { display: flex; flex-wrap: wrap; gap: 6px 14px; padding: 8px 0; border-bottom: 1px solid var(--line); }
      nav a { color: var(--fm); text-decoration: none; }
      nav a:hover { text-decoration: underline; }
      code { font: 13px "DejaVu Sans Mono", monospace; background: #f2f2f2; padding: 1px 4px; border-radius: 3px; }
      table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13.5px; }
      th, td { border-bottom: 1px solid var(--line); padding: 5px 10px; text-align: left; vertical-align: top; }
      th { background: #f4f4f4; font-weight: 600; white-space: nowrap; }
      tbody tr:nth-child(even) { background: #fbfbfb; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      table.problems td:last-child { font-family: "DejaVu Sans Mono", monospace; font-size: 12.5px;
             white-space: pre-wrap; word-break: break-word; max-width: 640px; }
      .status { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600; }
      .status-ok { background: #e3f4ea; color: #1d6b3a; }
      .status-diverged { background: #fff1d6; color: #8a5a00; }
      .status-failed { background: #fde2e1; color: #a11b15; }
      figure { margin: 16px 0 28px; }
      figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
      figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; max-width: 1100px; }
      details summary { cursor: pointer; font-weight: 600; margin: 8px 0; }
      """;
}
