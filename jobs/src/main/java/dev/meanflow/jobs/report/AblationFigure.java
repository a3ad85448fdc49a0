package dev.meanflow.jobs.report;

import dev.meanflow.jobs.report.SweepData.AblationStat;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler;

/**
 * An MF knob's effect: the target's primary metric for each value of the knob, at 1 step and at the largest step
 * count, per direction. Each bar pools the MF trials with that value over seeds and over every other knob.
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

  static Optional<CategoryChart> chart(SweepData data, String target, String knob) {
    Metric metric = Metric.primary(target);
    List<AblationStat> stats = data.ablations().stream()
        .filter(a -> a.target().equals(target) && a.knob().equals(knob) && a.metric() == metric)
        .toList();
    List<String> values = new ArrayList<>(new TreeSet<>(stats.stream().map(AblationStat::value).toList()));
    values.sort(TrialGroups::compareValues);
    if (values.size() < 2) {
      return Optional.empty();
    }
    List<Integer> steps = comparedSteps(List.copyOf(new TreeSet<>(stats.stream().map(AblationStat::steps).toList())));
    CategoryChart chart = new CategoryChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.HEIGHT)
        .title("MF ablation · " + metric.title() + " vs " + TrialColumns.key(knob) + " · " + target)
        .xAxisTitle(TrialColumns.key(knob)).yAxisTitle(metric.axisTitle()).build();
    ChartStyle.apply(chart);
    chart.getStyler().setYAxisDecimalPattern("0.0##");
    chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Bar);
    chart.getStyler().setAvailableSpaceFill(0.8);
    chart.getStyler().setPlotGridVerticalLinesVisible(false);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setErrorBarsColorSeriesColor(false);
    chart.getStyler().setErrorBarsColor(new Color(0x333333));
    boolean any = false;
    for (String direction : List.of("forward", "reverse")) {
      for (int s : steps) {
        List<Double> y = new ArrayList<>();
        List<Double> err = new ArrayList<>();
        for (String value : values) {
          Optional<AblationStat> stat = stats.stream()
              .filter(a -> a.direction().equals(direction) && a.steps() == s && a.value().equals(value))
              .max(Comparator.comparingInt(a -> a.stat().n()));
          y.add(stat.map(a -> a.stat().mean()).orElse(0.0));
          err.add(stat.map(a -> a.stat().errorBar()).orElse(0.0));
        }
        if (stats.stream().noneMatch(a -> a.direction().equals(direction) && a.steps() == s)) {
          continue;
        }
        any = true;
        CategorySeries series = chart.addSeries("MF " + direction + " · " + Format.steps(s), values, y, err);
        Color base = Palette.base("mf", direction);
        series.setFillColor(s == steps.get(0) && steps.size() > 1 ? Palette.shade(base, 2, 3) : base);
      }
    }
    return any ? Optional.of(chart) : Optional.empty();
  }
}
