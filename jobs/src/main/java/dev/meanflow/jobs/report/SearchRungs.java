package dev.meanflow.jobs.report;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.compare.TrialOutcome;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * What a halving search did on one target, from its rung trials alone: each configuration's ranking metric rung by
 * rung (the mean over the seeds that reached the rung), where it ended and why, and the trial-iterations spent
 * against the full grid's. Seeds ranked alone may end at different rungs: a configuration's fate is its furthest
 * seed's.
 *
 * @param metric what ranked the rungs; {@code steps} the step count
 * @param paths every configuration, finalists first, each group best first
 * @param spent trial-iterations trained: each rung trial's iterations done less those it resumed from
 * @param grid trial-iterations of the full grid: every cell to its full budget
 */
record SearchRungs(String target, Metric metric, int steps, List<Path> paths, List<Rung> rungs, long spent,
    long grid) {

  /** One configuration through the rungs. */
  record Path(String label, String flow, String direction, List<Integer> iterations, List<Double> scores,
      int lastRung, int rungCount, TrialStatus lastStatus, int seeds) {

    boolean finalist() {
      return lastRung == rungCount - 1 && lastStatus == TrialStatus.OK;
    }

    String fate() {
      if (lastStatus != TrialStatus.OK) {
        return lastStatus.name().toLowerCase(java.util.Locale.ROOT) + " at rung " + lastRung;
      }
      return finalist() ? "finalist" : "stopped at rung " + lastRung;
    }

    double lastScore() {
      return scores.isEmpty() ? Double.NaN : scores.get(scores.size() - 1);
    }
  }

  /**
   * One rung: its budget and what became of the configurations that reached it: promoted to the next, stopped
   * here, diverged or failed here ({@code notOk}), or, at the last rung, completed.
   */
  record Rung(int index, int budget, int reached, int promoted, int stopped, int notOk) {

    int completed() {
      return reached - promoted - stopped - notOk;
    }
  }

  /** One trial of the search: the columns the report needs from its trials row. */
  private record RungTrial(String configuration, TrialRecord record, String cell, int rung, int rungs, int budget,
      int resumedFrom, int cellIterations, TrialStatus status, Metric metric, int steps, double score) {}

  /** The searches in {@code outcomes}, one per target with rung trials; none for a grid sweep. */
  static List<SearchRungs> of(List<TrialOutcome> outcomes) {
    List<TrialOutcome> rungTrials = outcomes.stream().filter(SearchRungs::isRungTrial).toList();
    if (rungTrials.isEmpty()) {
      return List.of();
    }
    List<TrialRecord> records = rungTrials.stream().map(o -> TrialRecord.fromRow(o.row())).toList();
    Map<String, List<String>> varying = TrialGroups.varyingKnobsOfAll(records);
    varying.replaceAll((target, knobs) -> knobs.stream().filter(k -> !k.equals("iterations")).toList());
    Map<String, List<RungTrial>> byTarget = new TreeMap<>();
    for (int i = 0; i < rungTrials.size(); i++) {
      RungTrial t = rungTrial(rungTrials.get(i), records.get(i), varying);
      byTarget.computeIfAbsent(t.record().target(), k -> new ArrayList<>()).add(t);
    }
    List<SearchRungs> searches = new ArrayList<>();
    byTarget.forEach((target, trials) -> searches.add(of(target, trials)));
    return List.copyOf(searches);
  }

  /** A trial that ran in a halving search: its trials row names the cell it continues. */
  static boolean isRungTrial(TrialOutcome o) {
    return o.row().getAs("search_cell") != null;
  }

  /** A rung trial below its cell's full budget: how the search chose, not a result to rank. */
  static boolean belowFullBudget(TrialOutcome o) {
    Integer rung = o.row().getAs("rung");
    Integer rungs = o.row().getAs("rungs");
    return rung != null && rungs != null && rung < rungs - 1;
  }

  private static RungTrial rungTrial(TrialOutcome o, TrialRecord record, Map<String, List<String>> varying) {
    Row row = o.row();
    int rung = row.getAs("rung");
    int rungs = row.getAs("rungs");
    Integer resumedFrom = row.getAs("resumed_from");
    Integer cellIterations = row.getAs("cell_iterations");
    String metricColumn = row.getAs("search_metric");
    Integer steps = row.getAs("search_steps");
    // tables written before the search columns: rank as the report does, by the primary metric at the fewest steps
    Metric metric = metricColumn == null ? SweepData.kind(record.target()).primaryMetric()
        : Metric.byColumn(metricColumn).orElse(SweepData.kind(record.target()).primaryMetric());
    int at = steps != null ? steps : o.evals().isEmpty() ? 1 : o.evals().firstKey();
    MetricValues values = o.evals().get(at);
    double score = values == null || o.status() != TrialStatus.OK ? Double.NaN : values.get(metric);
    int budget = o.spec().get(Knobs.ITERATIONS);
    return new RungTrial(TrialGroups.describe(record, varying), record, row.getAs("search_cell"), rung, rungs,
        budget, resumedFrom == null ? 0 : resumedFrom,
        cellIterations != null ? cellIterations : rung == rungs - 1 ? budget : 0, o.status(), metric, at, score);
  }

  private static SearchRungs of(String target, List<RungTrial> trials) {
    Map<String, List<RungTrial>> byConfiguration = new LinkedHashMap<>();
    trials.forEach(t -> byConfiguration.computeIfAbsent(t.configuration(), k -> new ArrayList<>()).add(t));
    List<Path> paths = new ArrayList<>();
    for (Map.Entry<String, List<RungTrial>> e : byConfiguration.entrySet()) {
      paths.add(path(e.getKey(), e.getValue()));
    }
    boolean lowerBetter = trials.get(0).metric().better() == Metric.Better.LOWER;
    Comparator<Path> byScore = Comparator.comparingDouble(p -> Double.isNaN(p.lastScore())
        ? Double.POSITIVE_INFINITY : lowerBetter ? p.lastScore() : -p.lastScore());
    paths.sort(Comparator.comparingInt((Path p) -> -p.lastRung()).thenComparing(byScore));
    long spent = trials.stream().mapToLong(t -> Math.max(0, t.record().iterationsDone() - t.resumedFrom())).sum();
    Map<String, Integer> cells = new LinkedHashMap<>();
    trials.forEach(t -> cells.merge(t.cell(), t.cellIterations(), Math::max));
    // tables written before cell_iterations name a stopped cell's budget nowhere: take the finalists' full budget
    int fullBudget = trials.stream().filter(t -> t.rung() == t.rungs() - 1).mapToInt(RungTrial::budget).max()
        .orElse(0);
    cells.replaceAll((cell, iterations) -> iterations > 0 ? iterations : fullBudget);
    long grid = cells.values().stream().mapToLong(Integer::longValue).sum();
    return new SearchRungs(target, trials.get(0).metric(), trials.get(0).steps(), List.copyOf(paths),
        rungs(trials, paths), spent, grid);
  }

  private static Path path(String label, List<RungTrial> trials) {
    TreeMap<Integer, List<RungTrial>> byRung = new TreeMap<>();
    trials.forEach(t -> byRung.computeIfAbsent(t.rung(), k -> new ArrayList<>()).add(t));
    List<Integer> iterations = new ArrayList<>();
    List<Double> scores = new ArrayList<>();
    byRung.forEach((rung, atRung) -> {
      iterations.add(atRung.stream().mapToInt(RungTrial::budget).max().orElse(0));
      scores.add(atRung.stream().mapToDouble(RungTrial::score).average().orElse(Double.NaN));
    });
    List<RungTrial> last = byRung.lastEntry().getValue();
    TrialStatus status = last.stream().map(RungTrial::status).filter(s -> s != TrialStatus.OK).findFirst()
        .orElse(TrialStatus.OK);
    long seeds = trials.stream().map(RungTrial::cell).distinct().count();
    RungTrial first = trials.get(0);
    return new Path(label, first.record().flow(), first.record().direction(), List.copyOf(iterations),
        List.copyOf(scores), byRung.lastKey(), first.rungs(), status, (int) seeds);
  }

  private static List<Rung> rungs(List<RungTrial> trials, List<Path> paths) {
    int count = trials.stream().mapToInt(RungTrial::rungs).max().orElse(0);
    List<Rung> rungs = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      final int rung = k;
      int budget = trials.stream().filter(t -> t.rung() == rung).mapToInt(RungTrial::budget).max().orElse(0);
      List<Path> reached = paths.stream().filter(p -> p.lastRung() >= rung).toList();
      int promoted = (int) reached.stream().filter(p -> p.lastRung() > rung).count();
      int notOk = (int) reached.stream().filter(p -> p.lastRung() == rung && p.lastStatus() != TrialStatus.OK)
          .count();
      int stopped = (int) reached.stream().filter(p -> p.lastRung() == rung && p.lastStatus() == TrialStatus.OK
          && !p.finalist()).count();
      rungs.add(new Rung(k, budget, reached.size(), promoted, stopped, notOk));
    }
    return List.copyOf(rungs);
  }
}
