package dev.meanflow.core.reference;

import dev.meanflow.core.distribution.Checkerboard;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * v* for the checkerboard. Given x_t = x, the likelihood of x1 = y is N(x; t y, (1 - t)^2 I): per axis a Gaussian
 * in y with mean x / t and spread s = (1 - t) / |t|. The target is a mixture of uniform squares, so the posterior
 * is a mixture over occupied cells of products of two truncated Gaussians, one per axis: a cell's weight is the
 * product of its two interval masses, its mean the pair of truncated means. Where the likelihood is sharp
 * (t > {@value #CLOSED_FORM_FROM}) those are erf terms, written as v* = (x + sign(t) E[Z | interval]) / t so that
 * nothing divides by 1 - t near the data end. Where it is flat the erf form cancels catastrophically (mean and
 * spread both grow as 1 / t), so the same two integrals of the smooth tilted density exp(lambda y - mu y^2) over
 * each column are taken by Gauss-Legendre quadrature, exact to rounding there, and v* = (E[x1 | x] - x) / (1 - t).
 */
final class CheckerboardVelocity implements ExactVelocity {

  /** Above this t, the closed form; below, quadrature (spread s >= 2.3 cell widths of the write-up's board). */
  static final double CLOSED_FORM_FROM = 0.3;
  /** Nodes per column: the tilted density varies by less than e^2 over a column where quadrature is used. */
  private static final int NODES = 16;
  /** t is capped here: at t = 1 the posterior is a point and v* its limit. */
  private static final double LAST_TIME = 1 - 1e-12;

  private final Checkerboard board;
  private final double[][] nodes; // [column][node]
  private final double[][] weights;

  /** The rule on [-1, 1], computed once: a knob's applicability asks for a velocity per trial spec. */
  private static final GaussIntegrator UNIT_RULE = new GaussIntegratorFactory().legendre(NODES);

  CheckerboardVelocity(Checkerboard board) {
    this.board = board;
    int grid = board.grid();
    nodes = new double[grid][];
    weights = new double[grid][];
    // each column's rule is the unit rule moved onto it, exactly as GaussIntegratorFactory.legendre(n, a, b) does
    for (int k = 0; k < grid; k++) {
      double a = -board.scale() + k * board.cellSize();
      double scale = (a + board.cellSize() - a) / 2;
      double shift = a + scale;
      nodes[k] = new double[NODES];
      weights[k] = new double[NODES];
      for (int i = 0; i < NODES; i++) {
        nodes[k][i] = UNIT_RULE.getPoint(i) * scale + shift;
        weights[k][i] = UNIT_RULE.getWeight(i) * scale;
      }
    }
  }

  @Override
  public void velocity(double x, double y, double t, double[] out) {
    int grid = board.grid();
    double time = Math.min(t, LAST_TIME);
    boolean closedForm = time > CLOSED_FORM_FROM;
    double[] logMassX = new double[grid];
    double[] meanX = new double[grid];
    double[] logMassY = new double[grid];
    double[] meanY = new double[grid];
    if (closedForm) {
      closedFormAxis(x, time, logMassX, meanX);
      closedFormAxis(y, time, logMassY, meanY);
    } else {
      quadratureAxis(x, time, logMassX, meanX);
      quadratureAxis(y, time, logMassY, meanY);
    }
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < grid; i++) {
      for (int j = 0; j < grid; j++) {
        if (Checkerboard.occupied(i, j)) {
          best = Math.max(best, logMassX[i] + logMassY[j]);
        }
      }
    }
    double total = 0;
    double sx = 0;
    double sy = 0;
    for (int i = 0; i < grid; i++) {
      for (int j = 0; j < grid; j++) {
        if (Checkerboard.occupied(i, j)) {
          double w = Math.exp(logMassX[i] + logMassY[j] - best);
          total += w;
          sx += w * meanX[i];
          sy += w * meanY[j];
        }
      }
    }
    if (closedForm) { // the means are shifts E[Z | column]
      out[0] = (x + sx / total) / time;
      out[1] = (y + sy / total) / time;
    } else { // the means are E[x1 | column]
      out[0] = (sx / total - x) / (1 - time);
      out[1] = (sy / total - y) / (1 - time);
    }
  }

  /** Per column: log mass and mean shift E[Z | column] of the axis posterior N(c / t, s^2), t > 0. */
  private void closedFormAxis(double c, double t, double[] logMass, double[] shift) {
    double m = c / t;
    double s = (1 - t) / t;
    double cell = board.cellSize();
    double lower = (-board.scale() - m) / s;
    double lowerTail = GaussianInterval.logUpperTail(Math.abs(lower));
    double lowerDensity = GaussianInterval.logDensity(lower);
    for (int k = 0; k < board.grid(); k++) {
      double upper = (-board.scale() + (k + 1) * cell - m) / s;
      double upperTail = GaussianInterval.logUpperTail(Math.abs(upper));
      double upperDensity = GaussianInterval.logDensity(upper);
      logMass[k] = GaussianInterval.logMass(lower, upper, lowerTail, upperTail);
      shift[k] = GaussianInterval.meanShift(lowerDensity, upperDensity, logMass[k]);
      lower = upper;
      lowerTail = upperTail;
      lowerDensity = upperDensity;
    }
  }

  /**
   * Per column: log mass (up to a constant shared by the axis) and mean of the posterior density in y,
   * proportional to exp(lambda y - mu y^2) with lambda = t c / (1 - t)^2 and mu = t^2 / (2 (1 - t)^2).
   */
  private void quadratureAxis(double c, double t, double[] logMass, double[] mean) {
    double variance = (1 - t) * (1 - t);
    double lambda = t * c / variance;
    double mu = t * t / (2 * variance);
    double peak = Double.NEGATIVE_INFINITY;
    for (double[] column : nodes) {
      for (double node : column) {
        peak = Math.max(peak, lambda * node - mu * node * node);
      }
    }
    for (int k = 0; k < nodes.length; k++) {
      double mass = 0;
      double first = 0;
      for (int i = 0; i < NODES; i++) {
        double node = nodes[k][i];
        double w = weights[k][i] * Math.exp(lambda * node - mu * node * node - peak);
        mass += w;
        first += w * node;
      }
      logMass[k] = Math.log(mass);
      mean[k] = first / mass;
    }
  }
}
