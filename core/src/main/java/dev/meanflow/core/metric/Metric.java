package dev.meanflow.core.metric;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Every sample-quality metric, declared once: its column in the {@code evals} table, its title, which way is
 * better, which targets it applies to, whether the report plots it, and how it is computed from a
 * {@link MetricInputs}. The evals schema, the sweep's summary metric, rankings, the report and the {@code train}
 * output all derive from this list. To add a metric: one constant here and the code that computes it.
 */
public enum Metric {
  IN_SUPPORT("in_support", "in-support share", Better.HIGHER, Scope.CELLS, true, "%.3f",
      in -> in.cells().inSupport()),
  CELL_TV("cell_tv", "cell TV distance", Better.LOWER, Scope.CELLS, true, "%.3f", in -> in.cells().cellTv()),
  COVERED_CELLS("covered_cells", "covered cells", Better.HIGHER, Scope.CELLS, true, "%.0f",
      in -> in.cells().coveredCells()),
  MMD("mmd", "MMD", Better.LOWER, Scope.FINITE_SAMPLES, true, "%.5f",
      in -> KernelDistances.mmd(in.pairwiseGenerated(), in.pairwiseReference(), KernelDistances.BANDWIDTHS)),
  ENERGY("energy", "energy distance", Better.LOWER, Scope.FINITE_SAMPLES, true, "%.4f",
      in -> KernelDistances.energy(in.pairwiseGenerated(), in.pairwiseReference())),
  SWD("swd", "sliced Wasserstein-2", Better.LOWER, Scope.FINITE_SAMPLES, true, "%.4f", MetricInputs::swd),
  KS_X("ks_x", "KS statistic of x", Better.LOWER, Scope.FINITE_SAMPLES, false, "%.3f", in -> in.ksX().statistic()),
  KS_Y("ks_y", "KS statistic of y", Better.LOWER, Scope.FINITE_SAMPLES, false, "%.3f", in -> in.ksY().statistic()),
  KS_X_P("ks_x_p", "KS p-value of x", Better.HIGHER, Scope.FINITE_SAMPLES, false, "%.3g",
      in -> in.ksX().pValue()),
  KS_Y_P("ks_y_p", "KS p-value of y", Better.HIGHER, Scope.FINITE_SAMPLES, false, "%.3g",
      in -> in.ksY().pValue());

  /** Which way a metric improves. */
  public enum Better { LOWER, HIGHER }

  /**
   * When a metric can be computed: {@link #CELLS} needs a target with cells (the checkerboard) and still reads a
   * blown-up sample; {@link #FINITE_SAMPLES} works on any target but means nothing for infinite points.
   */
  public enum Scope { CELLS, FINITE_SAMPLES }

  private final String column;
  private final String title;
  private final Better better;
  private final Scope scope;
  private final boolean plotted;
  private final String format;
  private final ToDoubleFunction<MetricInputs> compute;

  Metric(String column, String title, Better better, Scope scope, boolean plotted, String format,
      ToDoubleFunction<MetricInputs> compute) {
    this.column = column;
    this.title = title;
    this.better = better;
    this.scope = scope;
    this.plotted = plotted;
    this.format = format;
    this.compute = compute;
  }

  public String column() {
    return column;
  }

  public String title() {
    return title;
  }

  public Better better() {
    return better;
  }

  public Scope scope() {
    return scope;
  }

  /** Whether the report draws it against the step count (the KS columns are kept for queries). */
  public boolean plotted() {
    return plotted;
  }

  /** A value as the {@code train} table prints it. */
  public String format(double value) {
    return String.format(Locale.ROOT, format, value);
  }

  /** The metric of {@code inputs}, or NaN when it does not apply to them. */
  public double compute(MetricInputs inputs) {
    boolean applies = scope == Scope.CELLS ? inputs.hasCells() : inputs.generatedFinite();
    return applies ? compute.applyAsDouble(inputs) : Double.NaN;
  }

  /** True when {@code a} is a better value than {@code b}. */
  public boolean isBetter(double a, double b) {
    return better == Better.LOWER ? a < b : a > b;
  }

  /** e.g. {@code cell TV distance (lower is better)}. */
  public String axisTitle() {
    return title + (better == Better.LOWER ? " (lower is better)" : " (higher is better)");
  }

  public static List<String> columns() {
    return Arrays.stream(values()).map(Metric::column).toList();
  }

  public static Optional<Metric> byColumn(String column) {
    return Arrays.stream(values()).filter(m -> m.column.equalsIgnoreCase(column.trim())).findFirst();
  }
}
