package dev.meanflow.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;

/** The look shared by every figure: fonts, white background, light grid, legend placement, series looks. */
final class ChartStyle {
  private ChartStyle() {}

  static final String FONT = Font.SANS_SERIF;
  static final Font TITLE = new Font(FONT, Font.BOLD, 18);
  static final Font AXIS_TITLE = new Font(FONT, Font.PLAIN, 15);
  static final Font TICKS = new Font(FONT, Font.PLAIN, 13);
  static final Font LEGEND = new Font(FONT, Font.PLAIN, 13);

  /** Size of the single-chart figures (metric, loss, ablation). */
  static final int WIDTH = 1100;
  static final int HEIGHT = 560;

  /** How one trial group is drawn, the same in every figure. */
  record SeriesLook(Color color, Marker marker, BasicStroke stroke) {}

  static void apply(Chart<? extends AxesChartStyler, ?> chart) {
    AxesChartStyler s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderVisible(true);
    s.setPlotBorderColor(new Color(0xB0B0B0));
    s.setPlotGridLinesColor(Palette.GRID);
    s.setPlotGridLinesStroke(new BasicStroke(1f));
    s.setChartTitleFont(TITLE);
    s.setChartTitleBoxVisible(false);
    s.setChartFontColor(Palette.TEXT);
    s.setAxisTitleFont(AXIS_TITLE);
    s.setAxisTickLabelsFont(TICKS);
    s.setAxisTickLabelsColor(Palette.TEXT);
    s.setAxisTickMarksColor(new Color(0x888888));
    s.setLegendFont(LEGEND);
    s.setLegendBorderColor(new Color(0xCCCCCC));
    s.setLegendPosition(Styler.LegendPosition.OutsideE);
    s.setLegendSeriesLineLength(28);
    s.setChartPadding(14);
    s.setAntiAlias(true);
    s.setErrorBarsColorSeriesColor(true);
  }

  /** Characters of a legend line: beyond, a label wraps at its commas, so a long variant never crushes the plot. */
  static final int LEGEND_LINE = 44;

  /** {@code label} as a legend entry: wrapped after a ", " once a line would pass {@link #LEGEND_LINE}. */
  static String legendLabel(String label) {
    StringBuilder out = new StringBuilder();
    int lineStart = 0;
    for (String part : label.split("(?<=, )")) {
      if (out.length() - lineStart + part.length() > LEGEND_LINE && out.length() > lineStart) {
        out.setLength(out.length() - 1); // the space before the break
        out.append('\n');
        lineStart = out.length();
      }
      out.append(part);
    }
    return out.toString();
  }

  /** Pixels a wrapped legend needs per line and per entry (XChart's legend font and padding). */
  private static final int LEGEND_LINE_PIXELS = 17;
  private static final int LEGEND_ENTRY_PIXELS = 12;

  /** The height of a chart with one legend entry per group: {@link #HEIGHT}, or taller so the legend fits. */
  static int height(List<TrialGroup> groups) {
    return heightFor(groups.stream().map(TrialGroup::label).toList());
  }

  /** The height of a chart with one legend entry per label. */
  static int heightFor(List<String> labels) {
    int legend = 80;
    for (String label : labels) {
      legend += LEGEND_ENTRY_PIXELS + LEGEND_LINE_PIXELS * (int) legendLabel(label).lines().count();
    }
    return Math.max(HEIGHT, legend);
  }

  /** Colour by flow and direction, then shade, marker and dash by the group's rank within its family. */
  static Map<String, SeriesLook> looks(List<TrialGroup> groups) {
    Map<String, List<TrialGroup>> families = new HashMap<>();
    for (TrialGroup g : groups) {
      families.computeIfAbsent(g.flowDirection(), k -> new ArrayList<>()).add(g);
    }
    Map<String, SeriesLook> looks = new HashMap<>();
    for (List<TrialGroup> family : families.values()) {
      for (int k = 0; k < family.size(); k++) {
        TrialGroup g = family.get(k);
        Color color = Palette.shade(Palette.base(g.flow(), g.direction()), k, family.size());
        looks.put(g.id(), new SeriesLook(color, Palette.marker(k), Palette.line(k, 2.4f)));
      }
    }
    return looks;
  }
}
