package dev.meanflow.jobs.tables;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A sample-quality column of the {@code evals} table and which way is better. */
public enum Metric {
  IN_SUPPORT("in_support", true, "share of samples inside occupied checkerboard cells"),
  CELL_TV("cell_tv", false, "total variation between cell masses and the target's (checkerboard)"),
  COVERED_CELLS("covered_cells", true, "occupied cells holding at least half their expected mass"),
  MMD("mmd", false, "squared MMD, multi-bandwidth RBF"),
  ENERGY("energy", false, "energy distance"),
  SWD("swd", false, "sliced Wasserstein-2"),
  KS_X("ks_x", false, "Kolmogorov-Smirnov statistic of the x marginal"),
  KS_Y("ks_y", false, "Kolmogorov-Smirnov statistic of the y marginal"),
  KS_X_P("ks_x_p", true, "p-value of ks_x"),
  KS_Y_P("ks_y_p", true, "p-value of ks_y");

  private final String column;
  private final boolean higherIsBetter;
  private final String doc;

  Metric(String column, boolean higherIsBetter, String doc) {
    this.column = column;
    this.higherIsBetter = higherIsBetter;
    this.doc = doc;
  }

  public String column() {
    return column;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
  }

  public String doc() {
    return doc;
  }

  public static List<String> columns() {
    return Arrays.stream(values()).map(Metric::column).collect(Collectors.toList());
  }

  /** The metric with this column name, or an {@link IllegalArgumentException} naming the accepted ones. */
  public static Metric parse(String option, String column) {
    for (Metric m : values()) {
      if (m.column.equalsIgnoreCase(column.trim())) {
        return m;
      }
    }
    throw new IllegalArgumentException("'" + column + "' in " + option + " is invalid: must be one of " + columns());
  }
}
