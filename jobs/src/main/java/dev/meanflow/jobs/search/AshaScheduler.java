package dev.meanflow.jobs.search;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.Checkpoint;
import dev.meanflow.core.trial.TrialStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Asynchronous successive halving (ASHA, Li et al., MLSys 2020) over a grid's cells. A configuration (a cell, or
 * with {@link SeedRanking#TOGETHER} the cells that differ only in seed) that finished rung k is promoted to k + 1 as
 * soon as it is among the best floor(n / eta) of the n configurations that finished rung k so far; no slot waits for a
 * rung to fill. A promotion is never taken back.
 *
 * <p>A free slot starts the first rung of a configuration not started yet, in grid order, before it takes a
 * promotion (then the highest rung's first). ASHA takes promotions first because it samples configurations without
 * end; a grid is finite and sorted by its knobs, so promotions decided on a few early rung results would be decided
 * on a sample correlated with quality: a grid ordered worst first promotes most of itself (README, "Successive
 * halving"). Starting every configuration first decides rung 0 on nearly all of them, as synchronous halving would
 * (only the promotions taken while the last few still train are decided on fewer), and the same total work is never
 * held up; the rungs above promote asynchronously.
 *
 * <p>The state is what finished where, so a resumed search rebuilds it from the landed rows in any order
 * ({@link #restore}). Not thread-safe: one driver loop owns it.
 */
public final class AshaScheduler {

  /** What a cell's unit ended with at one rung; the score is NaN when it did not measure one. */
  public record Result(TrialStatus status, double score) {}

  private final Search search;
  private final List<Configuration> configurations = new ArrayList<>();
  private final Map<String, Cell> byLineage = new HashMap<>();

  public AshaScheduler(Search search, List<TrialSpec> cells) {
    this.search = search;
    Map<String, Configuration> byKey = new LinkedHashMap<>();
    for (TrialSpec spec : cells) {
      String key = search.seeds() == SeedRanking.TOGETHER
          ? spec.with(Knobs.SEED, Knobs.SEED.defaultValue()).canonical() : spec.canonical();
      Configuration configuration = byKey.computeIfAbsent(key, k -> new Configuration(byKey.size()));
      Cell cell = new Cell(spec, search.budgets(spec), configuration);
      configuration.cells.add(cell);
      byLineage.put(Checkpoint.lineage(spec), cell);
    }
    configurations.addAll(byKey.values());
  }

  /**
   * The units a free slot may take now, best first: the first rung of configurations not started, in grid order, then
   * promotions from the highest rung down.
   */
  public List<RungUnit> ready() {
    List<RungUnit> ready = new ArrayList<>();
    for (Configuration c : configurations) {
      c.cells.stream().filter(cell -> cell.canStart(0)).forEach(cell -> ready.add(cell.unit(0)));
    }
    int rungs = configurations.stream().mapToInt(Configuration::rungs).max().orElse(0);
    for (int k = rungs - 2; k >= 0; k--) {
      for (Configuration c : promotable(k)) {
        for (Cell cell : c.cells) {
          if (cell.canStart(k + 1)) {
            ready.add(cell.unit(k + 1));
          }
        }
      }
    }
    return ready;
  }

  /**
   * The configurations promoted from rung k, in rank order: those promoted before, and the best floor(n / eta) of
   * the n that finished rung k and have a rung above it, among those with a score.
   */
  private List<Configuration> promotable(int k) {
    List<Configuration> finished = configurations.stream()
        .filter(c -> c.rungs() > k + 1 && c.finished(k)).toList();
    int quota = finished.size() / search.eta();
    List<Configuration> ranked = new ArrayList<>(finished.stream()
        .filter(c -> !Double.isNaN(c.score(k)))
        .sorted(ranking(k))
        .limit(quota)
        .toList());
    configurations.stream().filter(c -> c.promoted.contains(k) && !ranked.contains(c)).forEach(ranked::add);
    return ranked;
  }

  /** Better score first, grid order on ties. */
  private Comparator<Configuration> ranking(int k) {
    Metric metric = search.metric();
    Comparator<Configuration> byScore = Comparator.comparingDouble(c -> c.score(k));
    return (metric.better() == Metric.Better.LOWER ? byScore : byScore.reversed())
        .thenComparingInt(c -> c.index);
  }

  /** The driver has given {@code unit} to a slot. */
  public void started(RungUnit unit) {
    Cell cell = cell(unit);
    cell.running = unit.rung();
    if (unit.rung() > 0) {
      cell.configuration.promoted.add(unit.rung() - 1);
    }
  }

  /** {@code unit} landed with {@code result}. */
  public void finished(RungUnit unit, Result result) {
    Cell cell = cell(unit);
    cell.running = -1;
    cell.results.put(unit.rung(), result);
  }

  /** {@code unit} could not run or land in this run (it runs on resume): it is not offered again. */
  public void abandoned(RungUnit unit) {
    Cell cell = cell(unit);
    cell.running = -1;
    cell.abandoned = true;
  }

  /** Rebuilds the state from a unit that landed in an earlier run. */
  public void restore(RungUnit unit, Result result) {
    started(unit);
    finished(unit, result);
  }

  /** The unit whose trial is {@code spec}: the cell of its lineage at the rung of its budget, if any. */
  public Optional<RungUnit> unitOf(TrialSpec spec) {
    Cell cell = byLineage.get(Checkpoint.lineage(spec));
    if (cell == null) {
      return Optional.empty();
    }
    int rung = cell.budgets.indexOf(spec.get(Knobs.ITERATIONS));
    return rung < 0 ? Optional.empty() : Optional.of(cell.unit(rung));
  }

  public boolean running() {
    return cells().anyMatch(c -> c.running >= 0);
  }

  /** Nothing runs and nothing can start: every configuration went as far as it will in this run. */
  public boolean done() {
    return !running() && ready().isEmpty();
  }

  /** Every cell's fate so far, in grid order; a cell that may still be promoted is {@code PENDING}. */
  public List<CellFate> fates() {
    boolean over = done() && cells().noneMatch(c -> c.abandoned);
    return cells().map(c -> c.fate(over)).toList();
  }

  /** Trial-iterations trained so far: every finished unit's budget less the rung below's. */
  public long spentIterations() {
    return cells().mapToLong(Cell::spent).sum();
  }

  /** Trial-iterations of the full grid: every cell to its own iterations. */
  public long gridIterations() {
    return cells().mapToLong(c -> c.budgets.get(c.budgets.size() - 1)).sum();
  }

  /** Units a search without divergence runs: floor(n / eta^k) configurations at rung k, with their seeds. */
  public int expectedUnits() {
    int units = 0;
    for (Configuration c : configurations) {
      units += c.cells.size(); // every configuration's first rung
    }
    int rungs = configurations.stream().mapToInt(Configuration::rungs).max().orElse(0);
    double cellsPerConfiguration = configurations.isEmpty() ? 0
        : cells().count() / (double) configurations.size();
    for (int k = 1, n = configurations.size(); k < rungs; k++) {
      n /= search.eta();
      units += (int) Math.round(n * cellsPerConfiguration);
    }
    return units;
  }

  /** Units finished in this state (landed, here or before). */
  public int finishedUnits() {
    return cells().mapToInt(c -> c.results.size()).sum();
  }

  private java.util.stream.Stream<Cell> cells() {
    return configurations.stream().flatMap(c -> c.cells.stream());
  }

  private Cell cell(RungUnit unit) {
    Cell cell = byLineage.get(Checkpoint.lineage(unit.cell()));
    if (cell == null) {
      throw new IllegalArgumentException("not a cell of this search: " + unit.cell().id());
    }
    return cell;
  }

  /** What successive halving ranks and promotes as one. */
  private static final class Configuration {
    final int index;
    final List<Cell> cells = new ArrayList<>();
    final Set<Integer> promoted = new HashSet<>();

    Configuration(int index) {
      this.index = index;
    }

    int rungs() {
      return cells.get(0).budgets.size();
    }

    boolean finished(int k) {
      return cells.stream().allMatch(c -> c.results.containsKey(k));
    }

    /** The mean over its cells at rung k; NaN when one did not end OK with a score (it is not promoted). */
    double score(int k) {
      double sum = 0;
      for (Cell c : cells) {
        Result r = c.results.get(k);
        if (r == null || r.status() != TrialStatus.OK || !Double.isFinite(r.score())) {
          return Double.NaN;
        }
        sum += r.score();
      }
      return sum / cells.size();
    }
  }

  /** One grid cell: what it finished at each rung, and whether a unit of it runs now. */
  private static final class Cell {
    final TrialSpec spec;
    final List<Integer> budgets;
    final Configuration configuration;
    final TreeMap<Integer, Result> results = new TreeMap<>();
    int running = -1;
    boolean abandoned;

    Cell(TrialSpec spec, List<Integer> budgets, Configuration configuration) {
      this.spec = spec;
      this.budgets = budgets;
      this.configuration = configuration;
    }

    RungUnit unit(int rung) {
      return new RungUnit(spec, rung, budgets);
    }

    boolean canStart(int k) {
      if (abandoned || running >= 0 || results.containsKey(k) || k >= budgets.size()) {
        return false;
      }
      return k == 0 || (results.containsKey(k - 1) && results.get(k - 1).status() == TrialStatus.OK);
    }

    long spent() {
      return results.keySet().stream().mapToLong(k -> unit(k).iterations()).sum();
    }

    CellFate fate(boolean searchOver) {
      if (results.isEmpty()) {
        return new CellFate(spec.id(), -1, budgets.size(), 0, CellFate.Reason.PENDING);
      }
      int last = results.lastKey();
      Result r = results.get(last);
      CellFate.Reason reason = r.status() != TrialStatus.OK ? CellFate.Reason.of(r.status())
          : last == budgets.size() - 1 ? CellFate.Reason.COMPLETED
          : searchOver ? CellFate.Reason.STOPPED : CellFate.Reason.PENDING;
      return new CellFate(spec.id(), last, budgets.size(), budgets.get(last), reason);
    }
  }
}
