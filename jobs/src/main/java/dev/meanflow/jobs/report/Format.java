package dev.meanflow.jobs.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Compact, locale-independent number text for labels, tables and file names. */
final class Format {
  private Format() {}

  /** 0.25, 1, 0.003, 1.2e-07: short and exact enough to tell grid values apart. */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    double abs = Math.abs(value);
    if (value == 0 || (abs >= 1e-3 && abs < 1e7)) {
      return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }

  /** A metric value with the precision a reader needs to compare runs (3 significant digits). */
  static String metric(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    double abs = Math.abs(value);
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (abs >= 0.01 || value == 0) {
      return String.format(Locale.ROOT, "%.3f", value);
    }
    return String.format(Locale.ROOT, "%.2e", value);
  }

  /** mean ± sd (n), or the bare mean when there is only one value. */
  static String stat(MetricStat stat) {
    if (stat == null || stat.n() == 0) {
      return "–";
    }
    if (stat.n() == 1 || Double.isNaN(stat.sd())) {
      return metric(stat.mean()) + " (n=1)";
    }
    return metric(stat.mean()) + " ± " + metric(stat.sd()) + " (n=" + stat.n() + ")";
  }

  static String steps(int steps) {
    return steps == 1 ? "1 step" : steps + " steps";
  }
}
