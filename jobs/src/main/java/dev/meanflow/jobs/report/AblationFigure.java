package dev.meanflow.jobs.report;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.jobs.compare.SeedStats;
import dev.meanflow.jobs.report.SweepData.AblationStat;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.CategorySeries;

/**
 * An MF knob's effect in one direction: the target's primary metric for each value of the knob, at 1 step and at
 * the largest step count. Each bar pools the MF trials with that value over seeds and over every other knob.
 */
final class AblationFigure {
  private AblationFigure() {}

  /** The step counts an ablation compares: one-step generation and the most steps evaluated. */
  static List<Integer> comparedSteps(List<Integer> steps) {
    if (steps.isEmpty()) {
      return List.of();
    }
    int first = steps.get(0);
    int last = steps.get(steps.size() - 1);
    return first == last ? List.of(first) : List.of(first, last);
  }

  /**
   * The chart for one knob in one direction, or empty when that direction has fewer than two values of the knob
   * (XChart bar charts need every series on every category, so values missing a step count are left out).
   */
  static Optional<CategoryChart> chart(SweepData data, String target, String knob, String direction) {
    Metric metric = SweepData.kind(target).primaryMetric();
    List<AblationStat> stats = data.ablations().stream()
        .filter(a -> a.target().equals(target) && a.knob().equals(knob) && a.metric() == metric
            && a.direction().equals(direction))
        .toList();
    List<Integer> steps = comparedSteps(List.copyOf(new TreeSet<>(stats.stream().map(AblationStat::steps).toList())));
    List<String> values = stats.stream().map(AblationStat::value).distinct()
        .filter(v -> steps.stream().allMatch(s -> find(stats, v, s).isPresent()))
        .sorted(TrialGroups::compareValues)
        .toList();
    if (values.size() < 2) {
      return Optional.empty();
    }
    CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
        .title("MF " + direction + " ablation · " + metric.title() + " vs " + TrialColumns.key(knob) + " · "
            + target)
        .xAxisTitle(TrialColumns.key(knob)).yAxisTitle(metric.axisTitle()).build();
    ChartStyle.apply(chart);
    chart.getStyler().setYAxisDecimalPattern("0.0##");
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Bar);
    chart.getStyler().setAvailableSpaceFill(0.7);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    chart.getStyler().setErrorBarsColorSeriesColor(false);
    chart.getStyler().setErrorBarsColor(new Color(0x333333));
    Color base = Palette.base("mf", direction);
    for (int s : steps) {
      List<Double> y = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (String value : values) {
        SeedStats stat = find(stats, value, s).orElseThrow().stat();
        y.add(stat.mean());
        err.add(stat.errorBar());
      }
      CategorySeries series = chart.addSeries(Format.steps(s), values, y, err);
      series.setFillColor(s == steps.get(0) && steps.size() > 1 ? Palette.shade(base, 2, 3) : base);
    }
    return Optional.of(chart);
  }

  private static Optional<AblationStat> find(List<AblationStat> stats, String value, int steps) {
    return stats.stream().filter(a -> a.value().equals(value) && a.steps() == steps).findFirst();
  }
}
