package dev.meanflow.jobs.report;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.jobs.compare.SeedStats;
import dev.meanflow.jobs.report.ChartStyle.SeriesLook;
import java.awt.BasicStroke;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One metric against the number of sampling steps (log x), one line per trial group, mean ± 1 sd over seeds, and
 * beside each group, dotted in its colour and out of the legend, its oracle: the same sampler with the exact flow.
 */
final class MetricFigure {
  private MetricFigure() {}

  static Optional<XYChart> chart(SweepData data, String target, Metric metric) {
    List<TrialGroup> groups = data.groups(target);
    Map<String, SeriesLook> looks = ChartStyle.looks(groups);
    XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.height(groups))
        .title(capitalized(metric.title()) + " vs sampling steps · " + target)
        .xAxisTitle("sampling steps (log scale)").yAxisTitle(metric.axisTitle()).build();
    ChartStyle.apply(chart);
    chart.getStyler().setYAxisDecimalPattern("0.0##");
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    chart.getStyler().setXAxisLogarithmic(true);
    // decade labels only (1, 10, 100): XChart labels every minor tick otherwise, and a custom label function
    // switches it back to a linear tick calculator
    chart.getStyler().setXAxisLogarithmicDecadeOnly(true);
    chart.getStyler().setMarkerSize(9);
    List<Integer> allSteps = data.steps(target);
    if (allSteps.isEmpty()) {
      return Optional.empty();
    }
    // pad the log axis by a fifth of a decade each side so end markers and error bars are not cut
    chart.getStyler().setXAxisMin(allSteps.get(0) / 1.6);
    chart.getStyler().setXAxisMax(allSteps.get(allSteps.size() - 1) * 1.6);
    boolean any = false;
    for (TrialGroup group : groups) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      List<Double> err = new ArrayList<>();
      for (int steps : allSteps) {
        SeedStats stat = data.stat(group, steps, metric);
        if (stat != null && Double.isFinite(stat.mean())) {
          x.add((double) steps);
          y.add(stat.mean());
          err.add(stat.errorBar());
        }
      }
      if (x.isEmpty()) {
        continue;
      }
      any = true;
      SeriesLook look = looks.get(group.id());
      XYSeries series = chart.addSeries(ChartStyle.legendLabel(group.label()), x, y, err);
      series.setLineColor(look.color());
      series.setMarkerColor(look.color());
      series.setMarker(look.marker());
      series.setLineStyle(look.stroke());
      addOracle(chart, group, allSteps, metric, look);
    }
    return any ? Optional.of(chart) : Optional.empty();
  }

  private static void addOracle(XYChart chart, TrialGroup group, List<Integer> allSteps, Metric metric,
      SeriesLook look) {
    List<Double> x = new ArrayList<>();
    List<Double> y = new ArrayList<>();
    for (int steps : allSteps) {
      SeedStats floor = group.replicates().oracle(steps, metric);
      if (floor != null && Double.isFinite(floor.mean())) {
        x.add((double) steps);
        y.add(floor.mean());
      }
    }
    if (x.isEmpty()) {
      return;
    }
    XYSeries oracle = chart.addSeries(ChartStyle.legendLabel(group.label()) + " · oracle", x, y);
    oracle.setLineColor(look.color());
    oracle.setMarker(SeriesMarkers.NONE);
    oracle.setLineStyle(ORACLE_LINE);
    oracle.setShowInLegend(false);
  }

  private static final BasicStroke ORACLE_LINE = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND,
      10f, new float[] {2f, 4f}, 0f);

  static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
