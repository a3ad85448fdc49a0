package dev.meanflow.jobs.query;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knob;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.jobs.compare.Comparison;
import dev.meanflow.jobs.compare.PairedComparison;
import dev.meanflow.jobs.compare.ReplicateGroup;
import dev.meanflow.jobs.compare.SeedStats;
import dev.meanflow.jobs.compare.TrialOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The standard comparison of a sweep as text: the best configuration per target x direction x step count x flow
 * (the headline knobs) by one metric (mean over seeds, OK trials only, ranked by {@link Comparison}), then FM
 * against MF side by side. The target column appears when the sweep has more than one.
 */
public final class Summary {
  private Summary() {}

  /**
   * One best configuration; {@code config} holds the knobs that vary in the sweep, {@code bySeed} the metric per
   * seed (for paired comparisons).
   */
  public record Best(String target, String direction, int steps, String flow, double mean, Double sd, Double ci95,
      long seeds, Double inSupport, Map<String, String> config, Map<Long, Double> bySeed) {}

  /** The best configuration of each target x direction x step count x flow, in that order. */
  public static List<Best> best(List<TrialOutcome> trials, Metric metric) {
    Comparison comparison = Comparison.of(trials);
    List<Knob<?>> varying = varyingKnobs(comparison);
    TreeSet<Integer> steps = new TreeSet<>();
    comparison.groups().forEach(g -> steps.addAll(g.steps()));
    List<Best> best = new ArrayList<>();
    for (TargetKind target : TargetKind.values()) {
      for (Direction direction : Direction.values()) {
        for (int s : steps) {
          for (Flow flow : Flow.values()) {
            comparison.best(g -> g.target() == target && g.direction() == direction && g.flow() == flow, s, metric)
                .ifPresent(g -> best.add(best(g, s, metric, varying)));
          }
        }
      }
    }
    return best;
  }

  private static Best best(ReplicateGroup group, int steps, Metric metric, List<Knob<?>> varying) {
    SeedStats stat = group.stat(steps, metric);
    SeedStats inSupport = group.stat(steps, Metric.IN_SUPPORT);
    Map<String, String> config = new LinkedHashMap<>();
    varying.forEach(k -> config.put(k.key(), k.render(group.configuration().get(k))));
    return new Best(group.target().key(), group.direction().key(), steps, group.flow().key(), stat.mean(),
        orNull(stat.sd()), orNull(stat.ci95()), stat.n(), inSupport == null ? null : inSupport.mean(), config,
        group.bySeed(steps, metric));
  }

  private static Double orNull(double value) {
    return Double.isNaN(value) ? null : value;
  }

  /** Identity knobs with more than one value among the configurations, except the headline ones (own columns). */
  private static List<Knob<?>> varyingKnobs(Comparison comparison) {
    return Knobs.REGISTRY.knobs().stream()
        .filter(k -> k.identity() && k.role() != Knob.Role.HEADLINE && !k.listValued())
        .filter(k -> comparison.groups().stream().map(g -> g.configuration().get(k)).distinct().count() > 1)
        .toList();
  }

  /** Both tables as text. */
  public static String render(List<Best> best, Metric metric, String sweep) {
    StringBuilder out = new StringBuilder();
    String better = metric.better() == Metric.Better.HIGHER ? "higher is better" : "lower is better";
    out.append("Best configuration per flow x direction x steps of sweep '").append(sweep).append("' by ")
        .append(metric.column()).append(" (").append(better).append("; mean over seeds, OK trials)\n");
    if (best.isEmpty()) {
      return out.append("(no evaluated OK trial yet)\n").toString();
    }
    List<String> configKeys = new ArrayList<>(best.get(0).config().keySet());
    boolean targets = best.stream().map(Best::target).distinct().count() > 1;
    List<String> header = new ArrayList<>(targets ? List.of(Knobs.TARGET.key()) : List.of());
    header.addAll(List.of("direction", "steps", "flow", metric.column(), "sd", "ci95", "seeds", "in_support"));
    header.addAll(configKeys);
    List<List<String>> rows = new ArrayList<>();
    for (Best b : best) {
      List<String> row = new ArrayList<>(targets ? List.of(b.target()) : List.of());
      row.addAll(List.of(b.direction(), String.valueOf(b.steps()), b.flow(), TextTable.cell(b.mean()),
          TextTable.cell(b.sd()), TextTable.cell(b.ci95()), String.valueOf(b.seeds()), TextTable.cell(b.inSupport())));
      configKeys.forEach(k -> row.add(b.config().get(k)));
      rows.add(row);
    }
    out.append(TextTable.render(header, rows));

    out.append("\nFM vs MF by step count (").append(metric.column())
        .append(" of each flow's best configuration; p: paired t-test over shared seeds, 'within noise' when p >= ")
        .append(PairedComparison.NOISE_LEVEL).append(")\n");
    Map<String, Map<String, Best>> pivot = new LinkedHashMap<>();
    for (Best b : best) {
      pivot.computeIfAbsent(b.target() + "\t" + b.direction() + "\t" + b.steps(), k -> new LinkedHashMap<>())
          .put(b.flow(), b);
    }
    List<List<String>> cmp = new ArrayList<>();
    pivot.forEach((key, flows) -> {
      Best fm = flows.get(Flow.FM.key());
      Best mf = flows.get(Flow.MF.key());
      PairedComparison paired = fm == null || mf == null ? null : PairedComparison.of(mf.bySeed(), fm.bySeed());
      String[] parts = key.split("\t");
      List<String> row = new ArrayList<>(targets ? List.of(parts[0]) : List.of());
      row.addAll(List.of(parts[1], parts[2], TextTable.cell(fm == null ? null : fm.mean()),
          TextTable.cell(mf == null ? null : mf.mean()),
          paired == null || Double.isNaN(paired.pValue()) ? "-" : String.format(Locale.ROOT, "%.3g", paired.pValue()),
          winner(fm, mf, paired, metric)));
      cmp.add(row);
    });
    List<String> cmpHeader = new ArrayList<>(targets ? List.of(Knobs.TARGET.key()) : List.of());
    cmpHeader.addAll(List.of("direction", "steps", Flow.FM.key(), Flow.MF.key(), "p", "better"));
    out.append(TextTable.render(cmpHeader, cmp));
    return out.toString();
  }

  /** The better flow; "within noise" when the shared seeds cannot tell them apart (one seed: the means decide). */
  private static String winner(Best fm, Best mf, PairedComparison paired, Metric metric) {
    if (fm == null || mf == null) {
      return "-";
    }
    if (fm.mean() == mf.mean()) {
      return "tie";
    }
    if (paired.pairs() >= 2 && !paired.significant()) {
      return "within noise";
    }
    return metric.isBetter(mf.mean(), fm.mean()) ? Flow.MF.key() : Flow.FM.key();
  }
}
