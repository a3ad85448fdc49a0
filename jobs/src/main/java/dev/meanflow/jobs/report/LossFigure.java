package dev.meanflow.jobs.report;

import dev.meanflow.jobs.report.ChartStyle.SeriesLook;
import dev.meanflow.jobs.report.SweepData.LossCurve;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Training loss against iteration, mean over the seeds of each trial group; log y when they span decades. */
final class LossFigure {
  private LossFigure() {}

  static Optional<XYChart> chart(SweepData data, String target) {
    List<TrialGroup> groups = data.groups(target).stream().filter(g -> data.losses().containsKey(g.id())).toList();
    if (groups.isEmpty()) {
      return Optional.empty();
    }
    double min = groups.stream().flatMapToDouble(g -> Arrays.stream(data.losses().get(g.id()).meanLoss()))
        .min().orElse(0);
    double max = groups.stream().flatMapToDouble(g -> Arrays.stream(data.losses().get(g.id()).meanLoss()))
        .max().orElse(0);
    // XChart labels only decades on a log axis: worth it only when the losses span a couple of them
    boolean logarithmic = min > 0 && max / min > 30;
    XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(ChartStyle.height(groups))
        .title("Training loss · " + target + " (mean over seeds)")
        .xAxisTitle("iteration").yAxisTitle(logarithmic ? "loss (log scale)" : "loss").build();
    ChartStyle.apply(chart);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    chart.getStyler().setYAxisLogarithmic(logarithmic);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    // start at 0 and end on a round number, else XChart places ticks at odd logged iterations (23, 119, ...)
    double last = groups.stream().mapToDouble(g -> {
      double[] it = data.losses().get(g.id()).iterations();
      return it.length == 0 ? 0 : it[it.length - 1];
    }).max().orElse(1);
    chart.getStyler().setXAxisMin(0.0);
    chart.getStyler().setXAxisMax(roundUp(last));
    chart.getStyler().setYAxisDecimalPattern("0.0##");
    Map<String, SeriesLook> looks = ChartStyle.looks(data.groups(target));
    for (TrialGroup group : groups) {
      LossCurve curve = data.losses().get(group.id());
      SeriesLook look = looks.get(group.id());
      XYSeries series = chart.addSeries(ChartStyle.legendLabel(group.label()), curve.iterations(), curve.meanLoss());
      series.setMarker(SeriesMarkers.NONE);
      series.setLineColor(look.color());
      series.setLineStyle(look.stroke());
    }
    return Optional.of(chart);
  }

  /** The next multiple of a fifth of a power of ten: 1179 -> 1200, 385 -> 400, 5000 -> 5000. */
  static double roundUp(double value) {
    if (value <= 0) {
      return 1;
    }
    double unit = Math.pow(10, Math.floor(Math.log10(value))) / 5;
    return Math.ceil(value / unit - 1e-9) * unit;
  }
}
