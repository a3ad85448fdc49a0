package dev.meanflow.core.metric;

import dev.meanflow.core.distribution.Checkerboard;
import dev.meanflow.core.distribution.Points;

/**
 * Checkerboard cell metrics, computed against the exact target mass (1/occupied per occupied cell, 0 elsewhere).
 *
 * @param inSupport share of samples inside occupied cells
 * @param cellTv total variation over the grid cells plus one bin for everything outside the square
 * @param coveredCells occupied cells holding at least half their expected mass
 */
public record CellStatistics(double inSupport, double cellTv, int coveredCells) {

  public static CellStatistics of(Points samples, Checkerboard board) {
    int grid = board.grid();
    long[] counts = new long[grid * grid + 1]; // last bin: outside the square
    int n = samples.size();
    for (int p = 0; p < n; p++) {
      int i = board.cellOf(samples.x(p));
      int j = board.cellOf(samples.y(p));
      counts[i < 0 || j < 0 ? grid * grid : i + grid * j]++;
    }
    double[] mass = new double[counts.length];
    for (int c = 0; c < counts.length; c++) {
      mass[c] = counts[c] / (double) n;
    }
    double expected = 1.0 / board.occupiedCells();
    long inSupportCount = 0;
    double tv = mass[grid * grid];
    int covered = 0;
    for (int cell = 0; cell < grid * grid; cell++) {
      boolean occupied = Checkerboard.occupied(cell % grid, cell / grid);
      double target = occupied ? expected : 0;
      tv += Math.abs(mass[cell] - target);
      if (occupied) {
        inSupportCount += counts[cell];
        if (mass[cell] >= 0.5 * expected) {
          covered++;
        }
      }
    }
    return new CellStatistics(inSupportCount / (double) n, tv / 2, covered);
  }
}
