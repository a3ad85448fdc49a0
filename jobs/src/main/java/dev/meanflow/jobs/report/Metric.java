package dev.meanflow.jobs.report;

import java.util.List;

/** The sample-quality columns of the evals table the report plots, with their direction of goodness. */
enum Metric {
  CELL_TV("cell_tv", "cell TV distance", true),
  IN_SUPPORT("in_support", "in-support share", false),
  COVERED_CELLS("covered_cells", "covered cells", false),
  SWD("swd", "sliced Wasserstein-2", true),
  MMD("mmd", "MMD", true),
  ENERGY("energy", "energy distance", true);

  private final String column;
  private final String title;
  private final boolean lowerIsBetter;

  Metric(String column, String title, boolean lowerIsBetter) {
    this.column = column;
    this.title = title;
    this.lowerIsBetter = lowerIsBetter;
  }

  String column() {
    return column;
  }

  String title() {
    return title;
  }

  boolean lowerIsBetter() {
    return lowerIsBetter;
  }

  String axisTitle() {
    return title + (lowerIsBetter ? " (lower is better)" : " (higher is better)");
  }

  /** True when a is a better value than b. */
  boolean better(double a, double b) {
    return lowerIsBetter ? a < b : a > b;
  }

  /** Checkerboard metrics only exist for the checkerboard target (NULL elsewhere). */
  static List<Metric> forTarget(String target) {
    return isCheckerboard(target)
        ? List.of(CELL_TV, IN_SUPPORT, COVERED_CELLS, SWD, MMD)
        : List.of(SWD, MMD, ENERGY);
  }

  /** The metric that ranks configurations: the write-up's cell TV on the checkerboard, SWD elsewhere. */
  static Metric primary(String target) {
    return isCheckerboard(target) ? CELL_TV : SWD;
  }

  static Metric secondary(String target) {
    return isCheckerboard(target) ? IN_SUPPORT : MMD;
  }

  static boolean isCheckerboard(String target) {
    return "checkerboard".equals(target);
  }
}
