package dev.meanflow.core.distribution;

import java.util.random.RandomGenerator;

/**
 * Uniform over the occupied cells of a {@code grid x grid} board on {@code [-scale, scale]^2}; cell (i, j), counted
 * from the lower-left corner, is occupied when {@code i + j} is even. The write-up uses grid 4, scale 2.
 */
public record Checkerboard(int grid, double scale) implements Distribution, Support {

  public Checkerboard {
    if (grid < 1 || !(scale > 0)) {
      throw new IllegalArgumentException("checkerboard needs grid >= 1 and scale > 0, got " + grid + ", " + scale);
    }
  }

  public double cellSize() {
    return 2 * scale / grid;
  }

  public int occupiedCells() {
    return (grid * grid + 1) / 2;
  }

  public static boolean occupied(int i, int j) {
    return (i + j) % 2 == 0;
  }

  /** Cell column or row of coordinate {@code c}, or -1 when outside {@code [-scale, scale)} or not finite. */
  public int cellOf(double c) {
    if (!(c >= -scale && c < scale)) {
      return -1;
    }
    int k = (int) Math.floor((c + scale) / cellSize());
    return k >= 0 && k < grid ? k : -1;
  }

  /** Inside an occupied cell. */
  @Override
  public boolean contains(double x, double y) {
    int i = cellOf(x);
    int j = cellOf(y);
    return i >= 0 && j >= 0 && occupied(i, j);
  }

  @Override
  public void fill(float[] out, int offset, int n, RandomGenerator rng) {
    int[] cells = occupiedCellIndices();
    for (int p = offset; p < offset + n; p++) {
      int cell = cells[rng.nextInt(cells.length)];
      int i = cell % grid;
      int j = cell / grid;
      out[2 * p] = (float) (-scale + (i + rng.nextDouble()) * cellSize());
      out[2 * p + 1] = (float) (-scale + (j + rng.nextDouble()) * cellSize());
    }
  }

  /** Row-major indices {@code i + grid * j} of the occupied cells. */
  private int[] occupiedCellIndices() {
    int[] cells = new int[occupiedCells()];
    for (int cell = 0, k = 0; cell < grid * grid; cell++) {
      if (occupied(cell % grid, cell / grid)) {
        cells[k++] = cell;
      }
    }
    return cells;
  }
}
