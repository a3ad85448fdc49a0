package dev.meanflow.jobs.report;

import dev.meanflow.core.distribution.Support;
import dev.meanflow.jobs.report.ChartStyle.SeriesLook;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The write-up's figure: rows are trial groups (flow x direction x variant), columns are step counts, each cell an
 * XChart scatter of one seed's kept samples over the target's support (checkerboard cells drawn faintly). The cells
 * are laid out on one canvas with row and column headings.
 */
final class SampleGridFigure {
  static final int CELL = 200;
  static final int LABEL_WIDTH = 240;
  static final int TITLE_HEIGHT = 48;
  static final int HEADER_HEIGHT = 30;
  static final int MARGIN = 12;
  /** Rows per image: a large ablation is split over several images rather than one very tall one. */
  static final int MAX_ROWS = 10;

  private SampleGridFigure() {}

  static int width(int columns) {
    return LABEL_WIDTH + columns * CELL + MARGIN;
  }

  static int height(int rows) {
    return TITLE_HEIGHT + HEADER_HEIGHT + rows * CELL + MARGIN;
  }

  /** Groups of the target that have samples, split into pages of at most MAX_ROWS rows. */
  static List<List<TrialGroup>> pages(SweepData data, String target) {
    List<TrialGroup> rows = data.groups(target).stream().filter(g -> data.samples().containsKey(g.id())).toList();
    List<List<TrialGroup>> pages = new ArrayList<>();
    for (int i = 0; i < rows.size(); i += MAX_ROWS) {
      pages.add(rows.subList(i, Math.min(rows.size(), i + MAX_ROWS)));
    }
    return pages;
  }

  static BufferedImage render(SweepData data, String target, List<TrialGroup> rows, String title) {
    List<Integer> columns = data.steps(target);
    View view = view(data, target, rows);
    Map<String, SeriesLook> looks = ChartStyle.looks(data.groups(target));
    BufferedImage image = new BufferedImage(width(columns.size()), height(rows.size()), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, image.getWidth(), image.getHeight());
      g.setColor(Palette.TEXT);
      g.setFont(ChartStyle.TITLE);
      g.drawString(title, MARGIN, 30);
      g.setFont(new Font(ChartStyle.FONT, Font.BOLD, 14));
      for (int c = 0; c < columns.size(); c++) {
        centered(g, Format.steps(columns.get(c)), LABEL_WIDTH + c * CELL + CELL / 2, TITLE_HEIGHT + 18);
      }
      for (int r = 0; r < rows.size(); r++) {
        TrialGroup group = rows.get(r);
        int top = TITLE_HEIGHT + HEADER_HEIGHT + r * CELL;
        rowLabel(g, group, looks.get(group.id()).color(), top);
        SortedMap<Integer, float[]> bySteps = data.samples().get(group.id());
        for (int c = 0; c < columns.size(); c++) {
          int left = LABEL_WIDTH + c * CELL;
          float[] xy = bySteps.get(columns.get(c));
          if (xy == null || xy.length == 0) {
            g.setColor(new Color(0xF4F4F4));
            g.fillRect(left + 6, top + 6, CELL - 12, CELL - 12);
            g.setColor(new Color(0x999999));
            g.setFont(new Font(ChartStyle.FONT, Font.ITALIC, 12));
            centered(g, "not evaluated", left + CELL / 2, top + CELL / 2);
            continue;
          }
          XYChart cell = cell(group, xy, view, looks.get(group.id()).color());
          g.drawImage(BitmapEncoder.getBufferedImage(cell), left, top, null);
        }
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static XYChart cell(TrialGroup group, float[] xy, View view, Color color) {
    XYChart chart = new XYChart(CELL, CELL);
    var s = chart.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setPlotBorderColor(new Color(0xC8C8C8));
    s.setPlotGridLinesVisible(false);
    s.setLegendVisible(false);
    s.setChartTitleVisible(false);
    s.setAxisTitlesVisible(false);
    s.setAxisTicksVisible(false);
    s.setChartPadding(6);
    s.setPlotMargin(0);
    s.setMarkerSize(3);
    s.setAntiAlias(true);
    s.setXAxisMin(view.cx() - view.half());
    s.setXAxisMax(view.cx() + view.half());
    s.setYAxisMin(view.cy() - view.half());
    s.setYAxisMax(view.cy() + view.half());
    group.support().ifPresent(support -> drawSupport(chart, support, view));
    int n = xy.length / 2;
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = xy[2 * i];
      y[i] = xy[2 * i + 1];
    }
    XYSeries points = chart.addSeries("samples", x, y);
    points.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    points.setMarker(SeriesMarkers.CIRCLE);
    points.setMarkerColor(Palette.withAlpha(color, 140));
    return chart;
  }

  /** Resolution of the support raster: pixels per side of a cell's view. */
  static final int SUPPORT_RASTER = 96;

  /**
   * The support, drawn from the target's own membership test: the view is sampled on a raster, each row's runs of
   * member pixels become rectangles, and rectangles that repeat from one row to the next are merged (a
   * checkerboard's occupied cells come out as exactly one rectangle each when the raster aligns with them).
   */
  private static void drawSupport(XYChart chart, Support support, View view) {
    for (double[] r : supportRectangles(support, view)) {
      XYSeries cell = chart.addSeries("support " + chart.getSeriesMap().size(),
          new double[] {r[0], r[2], r[2], r[0], r[0]}, new double[] {r[1], r[1], r[3], r[3], r[1]});
      cell.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
      cell.setMarker(SeriesMarkers.NONE);
      cell.setFillColor(Palette.SUPPORT);
      cell.setLineColor(Palette.SUPPORT);
    }
  }

  /** Rectangles {x0, y0, x1, y1} covering the raster pixels whose centre lies in the support. */
  static List<double[]> supportRectangles(Support support, View view) {
    double pixel = 2 * view.half() / SUPPORT_RASTER;
    double left = view.cx() - view.half();
    double bottom = view.cy() - view.half();
    List<double[]> done = new ArrayList<>();
    Map<String, double[]> open = new LinkedHashMap<>();
    for (int j = 0; j < SUPPORT_RASTER; j++) {
      double y = bottom + (j + 0.5) * pixel;
      Map<String, double[]> row = new LinkedHashMap<>();
      for (int i = 0; i < SUPPORT_RASTER; i++) {
        if (!support.contains(left + (i + 0.5) * pixel, y)) {
          continue;
        }
        int start = i;
        while (i + 1 < SUPPORT_RASTER && support.contains(left + (i + 1.5) * pixel, y)) {
          i++;
        }
        String run = start + ":" + i;
        double[] rect = open.remove(run);
        if (rect == null) {
          rect = new double[] {left + start * pixel, bottom + j * pixel, left + (i + 1) * pixel, 0};
        }
        rect[3] = bottom + (j + 1) * pixel;
        row.put(run, rect);
      }
      done.addAll(open.values());
      open = row;
    }
    done.addAll(open.values());
    return done;
  }

  /** The square every cell of a figure shows, so cells compare at a glance. */
  record View(double cx, double cy, double half) {
    String describe() {
      return "[" + Format.number(round(cx - half)) + ", " + Format.number(round(cx + half)) + "] × ["
          + Format.number(round(cy - half)) + ", " + Format.number(round(cy + half)) + "]";
    }

    private static double round(double v) {
      return Math.round(v * 100) / 100.0;
    }
  }

  /** The checkerboard's square with a margin, or a square around the central 99% of the samples. */
  static View view(SweepData data, String target, List<TrialGroup> rows) {
    if (rows.stream().anyMatch(g -> g.support().isPresent())) {
      return new View(0, 0, rows.stream().mapToDouble(TrialGroup::scale).max().orElse(2) * 1.5);
    }
    List<float[]> all = new ArrayList<>();
    int n = 0;
    for (TrialGroup group : rows) {
      for (float[] xy : data.samples().get(group.id()).values()) {
        all.add(xy);
        n += xy.length / 2;
      }
    }
    if (n == 0) {
      return new View(0, 0, 3);
    }
    float[] xs = new float[n];
    float[] ys = new float[n];
    int k = 0;
    for (float[] xy : all) {
      for (int i = 0; i + 1 < xy.length; i += 2, k++) {
        xs[k] = xy[i];
        ys[k] = xy[i + 1];
      }
    }
    Arrays.sort(xs);
    Arrays.sort(ys);
    int lo = (int) Math.floor(0.005 * (n - 1));
    int hi = (int) Math.ceil(0.995 * (n - 1));
    double half = Math.max(xs[hi] - xs[lo], ys[hi] - ys[lo]) / 2 * 1.15;
    return new View((xs[lo] + xs[hi]) / 2.0, (ys[lo] + ys[hi]) / 2.0, Math.max(half, 0.5));
  }

  private static void rowLabel(Graphics2D g, TrialGroup group, Color color, int top) {
    int y = top + CELL / 2 - 14;
    g.setColor(color);
    g.fillRoundRect(MARGIN, y - 13, 6, 34, 3, 3);
    g.setFont(new Font(ChartStyle.FONT, Font.BOLD, 16));
    g.setColor(Palette.TEXT);
    g.drawString(group.flowDirection(), MARGIN + 14, y + 2);
    g.setFont(new Font(ChartStyle.FONT, Font.PLAIN, 13));
    g.setColor(new Color(0x555555));
    int line = y + 20;
    for (String text : wrap(g.getFontMetrics(), group.variant(), LABEL_WIDTH - MARGIN - 24)) {
      g.drawString(text, MARGIN + 14, line);
      line += 16;
    }
    g.setColor(new Color(0x888888));
    g.setFont(new Font(ChartStyle.FONT, Font.PLAIN, 12));
    g.drawString("seed " + group.representative().seed(), MARGIN + 14, line);
  }

  /** Splits a variant label at ", " so each line fits the label column. */
  static List<String> wrap(FontMetrics metrics, String text, int width) {
    List<String> lines = new ArrayList<>();
    if (text.isEmpty()) {
      return lines;
    }
    StringBuilder current = new StringBuilder();
    for (String part : text.split(", ")) {
      String candidate = current.length() == 0 ? part : current + ", " + part;
      if (current.length() > 0 && metrics.stringWidth(candidate) > width) {
        lines.add(current + ",");
        current = new StringBuilder(part);
      } else {
        current = new StringBuilder(candidate);
      }
    }
    lines.add(current.toString());
    return lines;
  }

  private static void centered(Graphics2D g, String text, int x, int y) {
    g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, y);
  }
}
