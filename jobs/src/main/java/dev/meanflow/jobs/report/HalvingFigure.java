package dev.meanflow.jobs.report;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.jobs.report.SearchRungs.Path;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A halving search's ranking metric against iterations, one line per configuration through the rungs it reached:
 * the finalists in their flow and direction colours with a legend, the stopped ones thin and grey, so the eye
 * follows what the search kept.
 */
final class HalvingFigure {
  private HalvingFigure() {}

  private static final Color STOPPED = new Color(0xB8B8B8);

  static Optional<XYChart> chart(SearchRungs search) {
    List<Path> drawn = search.paths().stream().filter(p -> p.scores().stream().anyMatch(Double::isFinite)).toList();
    if (drawn.isEmpty()) {
      return Optional.empty();
    }
    List<Path> finalists = drawn.stream().filter(Path::finalist).toList();
    double min = drawn.stream().flatMap(p -> p.scores().stream()).filter(Double::isFinite)
        .mapToDouble(Double::doubleValue).min().orElse(0);
    double max = drawn.stream().flatMap(p -> p.scores().stream()).filter(Double::isFinite)
        .mapToDouble(Double::doubleValue).max().orElse(0);
    // stopped flow-matching configurations can sit decades above the finalists: a log axis keeps both readable
    boolean logarithmic = min > 0 && max / min > 30;
    XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH)
        .height(ChartStyle.heightFor(finalists.stream().map(Path::label).toList()))
        .title("Successive halving · " + search.target() + " (mean over seeds)")
        .xAxisTitle("iterations (rung budgets)")
        .yAxisTitle(search.metric().title() + " at " + search.steps() + (search.steps() == 1 ? " step" : " steps")
            + (search.metric().better() == Metric.Better.LOWER ? " (lower is better)" : " (higher is better)")
            + (logarithmic ? ", log scale" : "")).build();
    ChartStyle.apply(chart);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Line);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    chart.getStyler().setYAxisLogarithmic(logarithmic);
    chart.getStyler().setYAxisDecimalPattern(logarithmic ? "0.####" : "0.0##");
    chart.getStyler().setXAxisMin(0.0);
    double last = drawn.stream().flatMap(p -> p.iterations().stream()).mapToInt(Integer::intValue).max().orElse(1);
    chart.getStyler().setXAxisMax(LossFigure.roundUp(last));
    int n = 0;
    // stopped first, so the finalists are drawn over them
    for (Path p : drawn.stream().filter(p -> !p.finalist()).toList()) {
      XYSeries s = chart.addSeries("stopped " + n++, xs(p), ys(p));
      s.setShowInLegend(false);
      s.setLineColor(STOPPED);
      s.setMarkerColor(STOPPED);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setLineStyle(new BasicStroke(1f));
    }
    for (int k = 0; k < finalists.size(); k++) {
      Path p = finalists.get(k);
      Color color = Palette.shade(Palette.base(p.flow(), p.direction()), k, finalists.size());
      // two configurations may share a label when they differ only in evaluation settings; series names may not
      String name = ChartStyle.legendLabel(p.label());
      XYSeries s = chart.addSeries(chart.getSeriesMap().containsKey(name) ? name + " (" + (k + 1) + ")" : name,
          xs(p), ys(p));
      s.setLineColor(color);
      s.setMarkerColor(color);
      s.setMarker(Palette.marker(k));
      s.setLineStyle(Palette.line(k, 2.4f));
    }
    return Optional.of(chart);
  }

  /** The rungs with a finite score: a diverged rung ends the line at the rung below. */
  private static double[] xs(Path p) {
    return java.util.stream.IntStream.range(0, p.scores().size()).filter(i -> Double.isFinite(p.scores().get(i)))
        .mapToDouble(i -> p.iterations().get(i)).toArray();
  }

  private static double[] ys(Path p) {
    return p.scores().stream().filter(Double::isFinite).mapToDouble(Double::doubleValue).toArray();
  }
}
