package dev.meanflow.jobs.report;

import dev.meanflow.jobs.compare.SeedStats;

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

  /** A metric value with three significant digits and at least three decimals: 0.836, 0.00997, 12.345. */
  static String metric(double value) {
    return fixed(value, decimals(value));
  }

  /** mean ± sd (n), the sd with the mean's decimals so columns read alike; the bare mean for one seed. */
  static String stat(SeedStats stat) {
    if (stat == null || stat.n() == 0) {
      return "–";
    }
    int decimals = decimals(stat.mean());
    if (stat.n() == 1 || Double.isNaN(stat.sd())) {
      return fixed(stat.mean(), decimals) + " (n=1)";
    }
    return fixed(stat.mean(), decimals) + " ± " + fixed(stat.sd(), decimals) + " (n=" + stat.n() + ")";
  }

  /** The half-width of the 95 % confidence interval of the mean, with the mean's decimals; empty for one seed. */
  static String ci(SeedStats stat) {
    if (stat == null || stat.n() < 2 || Double.isNaN(stat.ci95())) {
      return "";
    }
    return "95% CI ±" + fixed(stat.ci95(), decimals(stat.mean()));
  }

  private static int decimals(double value) {
    if (!Double.isFinite(value) || value == 0) {
      return 3;
    }
    return (int) Math.min(8, Math.max(3, 2 - Math.floor(Math.log10(Math.abs(value)))));
  }

  private static String fixed(double value, int decimals) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  static String steps(int steps) {
    return steps == 1 ? "1 step" : steps + " steps";
  }
}
