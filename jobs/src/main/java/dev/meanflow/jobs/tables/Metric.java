package dev.meanflow.jobs.tables;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** A sample-quality column of the {@code evals} table and which way is better. */
public enum Metric {
  IN_SUPPORT("in_support", true),
  CELL_TV("cell_tv", false),
  COVERED_CELLS("covered_cells", true),
  MMD("mmd", false),
  ENERGY("energy", false),
  SWD("swd", false),
  KS_X("ks_x", false),
  KS_Y("ks_y", false),
  KS_X_P("ks_x_p", true),
  KS_Y_P("ks_y_p", true);

  private final String column;
  private final boolean higherIsBetter;

  Metric(String column, boolean higherIsBetter) {
    this.column = column;
    this.higherIsBetter = higherIsBetter;
  }

  public String column() {
    return column;
  }

  public boolean higherIsBetter() {
    return higherIsBetter;
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
