package dev.meanflow.jobs.report;

import java.awt.BasicStroke;
import java.awt.Color;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One colour family per flow and direction, the same in every figure (Okabe-Ito colours, safe for colour-blind
 * readers): FM in blues, MF in oranges, reverse darker than forward. Variants of one family differ by shade,
 * marker and dash.
 */
final class Palette {
  private Palette() {}

  static final Color FM_FORWARD = new Color(0x56B4E9);
  static final Color FM_REVERSE = new Color(0x0072B2);
  static final Color MF_FORWARD = new Color(0xE69F00);
  static final Color MF_REVERSE = new Color(0xD55E00);
  static final Color SUPPORT = new Color(0xDDDDDD);
  static final Color TEXT = new Color(0x222222);
  static final Color GRID = new Color(0xE4E4E4);

  private static final Marker[] MARKERS = {
    SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND, SeriesMarkers.TRIANGLE_UP,
    SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS
  };
  private static final float[][] DASHES = {null, {8f, 4f}, {2f, 3f}, {10f, 3f, 2f, 3f}};

  static Color base(String flow, String direction) {
    boolean mf = "mf".equals(flow);
    boolean reverse = "reverse".equals(direction);
    if (mf) {
      return reverse ? MF_REVERSE : MF_FORWARD;
    }
    return reverse ? FM_REVERSE : FM_FORWARD;
  }

  /** The k-th of n variants of a family: the base colour, then alternately darker and lighter shades. */
  static Color shade(Color base, int k, int n) {
    if (n <= 1 || k == 0) {
      return base;
    }
    double amount = Math.min(0.6, 0.18 * ((k + 1) / 2));
    return k % 2 == 1 ? mix(base, Color.BLACK, amount) : mix(base, Color.WHITE, amount);
  }

  static Color withAlpha(Color c, int alpha) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
  }

  static Marker marker(int k) {
    return MARKERS[k % MARKERS.length];
  }

  static BasicStroke line(int k, float width) {
    float[] dash = DASHES[k % DASHES.length];
    return dash == null
        ? new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND)
        : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
  }

  private static Color mix(Color a, Color b, double t) {
    return new Color(
        (int) Math.round(a.getRed() * (1 - t) + b.getRed() * t),
        (int) Math.round(a.getGreen() * (1 - t) + b.getGreen() * t),
        (int) Math.round(a.getBlue() * (1 - t) + b.getBlue() * t));
  }
}
