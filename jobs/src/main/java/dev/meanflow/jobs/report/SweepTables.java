package dev.meanflow.jobs.report;

import dev.meanflow.jobs.report.SweepData.AblationStat;
import dev.meanflow.jobs.report.SweepData.LossCurve;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a sweep's result tables through Spark SQL and aggregates them into {@link SweepData}. Heavy work (joins,
 * per-step statistics, picking one seed's samples) stays in SQL; only small aggregates reach the driver.
 */
final class SweepTables {
  /** Kept samples drawn per cell of the sample grid; more only blurs the picture and slows the page. */
  static final int MAX_POINTS_PER_CELL = 2000;

  private static final String TRIALS = "report_trials";
  private static final String EVALS = "report_evals";
  private static final String LOSSES = "report_losses";
  private static final String SAMPLES = "report_samples";
  private static final String GROUPS = "report_groups";
  private static final String SAMPLE_TRIALS = "report_sample_trials";

  private SweepTables() {}

  static SweepData load(SparkSession spark, String root) {
    Dataset<Row> raw = read(spark, root, "trials")
        .orElseThrow(() -> new NoResultTablesException(root, "no readable trials table"));
    raw.createOrReplaceTempView("report_trials_raw");
    spark.sql("SELECT * FROM (SELECT t.*, row_number() OVER (PARTITION BY trial_id "
        + "ORDER BY finished_at DESC NULLS LAST, run_id DESC) AS report_rank FROM report_trials_raw t) "
        + "WHERE report_rank = 1").createOrReplaceTempView(TRIALS);
    List<TrialRecord> trials = spark.sql("SELECT * FROM " + TRIALS + " ORDER BY run_id, trial_id")
        .collectAsList().stream().map(TrialRecord::fromRow).toList();
    if (trials.isEmpty()) {
      throw new NoResultTablesException(root, "the trials table is empty");
    }
    List<TrialGroup> groups = TrialGroups.of(trials);
    registerGroups(spark, groups);

    boolean hasEvals = register(spark, root, "evals", EVALS);
    boolean hasLosses = register(spark, root, "losses", LOSSES);
    boolean hasSamples = register(spark, root, "samples", SAMPLES);
    return new SweepData(trials, groups,
        hasEvals ? evals(spark) : Map.of(),
        hasLosses ? losses(spark) : Map.of(),
        hasSamples ? samples(spark) : Map.of(),
        hasEvals ? ablations(spark, groups) : List.of());
  }

  /** The table, or empty when it was never written (a sweep whose trials all failed has no samples). */
  private static Optional<Dataset<Row>> read(SparkSession spark, String root, String table) {
    try {
      return Optional.of(spark.read().option("recursiveFileLookup", "true").parquet(root + "/" + table));
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private static boolean register(SparkSession spark, String root, String table, String view) {
    Optional<Dataset<Row>> data = read(spark, root, table);
    data.ifPresent(d -> d.createOrReplaceTempView(view));
    return data.isPresent();
  }

  private static void registerGroups(SparkSession spark, List<TrialGroup> groups) {
    StructType schema = new StructType()
        .add("run_id", DataTypes.StringType)
        .add("trial_id", DataTypes.StringType)
        .add("group_id", DataTypes.StringType);
    List<Row> members = new ArrayList<>();
    List<Row> representatives = new ArrayList<>();
    for (TrialGroup group : groups) {
      for (TrialRecord trial : group.trials()) {
        members.add(RowFactory.create(trial.runId(), trial.trialId(), group.id()));
      }
      TrialRecord rep = group.representative();
      representatives.add(RowFactory.create(rep.runId(), rep.trialId(), group.id()));
    }
    spark.createDataFrame(members, schema).createOrReplaceTempView(GROUPS);
    spark.createDataFrame(representatives, schema).createOrReplaceTempView(SAMPLE_TRIALS);
  }

  private static String aggregates() {
    return java.util.Arrays.stream(Metric.values())
        .map(m -> "avg(e." + m.column() + ") AS " + m.column() + "_mean, stddev_samp(e." + m.column() + ") AS "
            + m.column() + "_sd, count(e." + m.column() + ") AS " + m.column() + "_n")
        .collect(Collectors.joining(", "));
  }

  private static Map<Metric, MetricStat> stats(Row row) {
    Map<Metric, MetricStat> stats = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      long n = row.getLong(row.fieldIndex(m.column() + "_n"));
      if (n > 0) {
        stats.put(m, new MetricStat(number(row, m.column() + "_mean"), number(row, m.column() + "_sd"), (int) n));
      }
    }
    return stats;
  }

  private static double number(Row row, String column) {
    int i = row.fieldIndex(column);
    return row.isNullAt(i) ? Double.NaN : ((Number) row.get(i)).doubleValue();
  }

  private static Map<String, SortedMap<Integer, Map<Metric, MetricStat>>> evals(SparkSession spark) {
    Map<String, SortedMap<Integer, Map<Metric, MetricStat>>> evals = new HashMap<>();
    for (Row row : spark.sql("SELECT g.group_id, e.steps, " + aggregates() + " FROM " + EVALS + " e JOIN " + GROUPS
        + " g ON e.run_id = g.run_id AND e.trial_id = g.trial_id GROUP BY g.group_id, e.steps").collectAsList()) {
      evals.computeIfAbsent(row.getString(0), k -> new TreeMap<>()).put(row.getInt(1), stats(row));
    }
    return evals;
  }

  private static Map<String, LossCurve> losses(SparkSession spark) {
    Map<String, List<double[]>> points = new HashMap<>();
    // non-finite losses (a diverging seed) would turn the whole mean into NaN: leave them out of the curve
    for (Row row : spark.sql("SELECT g.group_id, l.iteration, avg(l.loss) FROM " + LOSSES + " l JOIN " + GROUPS
        + " g ON l.run_id = g.run_id AND l.trial_id = g.trial_id WHERE l.loss BETWEEN -1e300 AND 1e300 "
        + "GROUP BY g.group_id, l.iteration ORDER BY g.group_id, l.iteration").collectAsList()) {
      points.computeIfAbsent(row.getString(0), k -> new ArrayList<>())
          .add(new double[] {row.getInt(1), row.getDouble(2)});
    }
    Map<String, LossCurve> curves = new HashMap<>();
    points.forEach((group, list) -> curves.put(group, new LossCurve(
        list.stream().mapToDouble(p -> p[0]).toArray(), list.stream().mapToDouble(p -> p[1]).toArray())));
    return curves;
  }

  private static Map<String, SortedMap<Integer, float[]>> samples(SparkSession spark) {
    Map<String, SortedMap<Integer, List<float[]>>> points = new HashMap<>();
    for (Row row : spark.sql("SELECT r.group_id, s.steps, s.x, s.y FROM " + SAMPLES + " s JOIN " + SAMPLE_TRIALS
        + " r ON s.run_id = r.run_id AND s.trial_id = r.trial_id WHERE s.idx < " + MAX_POINTS_PER_CELL
        + " AND s.x IS NOT NULL AND s.y IS NOT NULL ORDER BY r.group_id, s.steps, s.idx").collectAsList()) {
      points.computeIfAbsent(row.getString(0), k -> new TreeMap<>())
          .computeIfAbsent(row.getInt(1), k -> new ArrayList<>())
          .add(new float[] {row.getFloat(2), row.getFloat(3)});
    }
    Map<String, SortedMap<Integer, float[]>> samples = new HashMap<>();
    points.forEach((group, bySteps) -> {
      SortedMap<Integer, float[]> packed = new TreeMap<>();
      bySteps.forEach((steps, list) -> {
        float[] xy = new float[list.size() * 2];
        for (int i = 0; i < list.size(); i++) {
          xy[2 * i] = list.get(i)[0];
          xy[2 * i + 1] = list.get(i)[1];
        }
        packed.put(steps, xy);
      });
      samples.put(group, packed);
    });
    return samples;
  }

  /** For every knob swept among MF groups: each metric by knob value, direction and step count. */
  private static List<AblationStat> ablations(SparkSession spark, List<TrialGroup> groups) {
    List<AblationStat> stats = new ArrayList<>();
    for (String knob : sweptMfKnobs(groups)) {
      for (Row row : spark.sql("SELECT t.target, t.direction, try_cast(t." + knob + " AS DOUBLE) AS num, CAST(t." + knob
          + " AS STRING) AS text, e.steps, " + aggregates() + " FROM " + EVALS + " e JOIN " + GROUPS
          + " g ON e.run_id = g.run_id AND e.trial_id = g.trial_id JOIN " + TRIALS
          + " t ON t.run_id = g.run_id AND t.trial_id = g.trial_id WHERE t.flow = 'mf' "
          + "GROUP BY t.target, t.direction, t." + knob + ", e.steps").collectAsList()) {
        String value = row.isNullAt(2) ? row.getString(3) : Format.number(row.getDouble(2));
        stats(row).forEach((metric, stat) -> stats.add(new AblationStat(row.getString(0), knob, value,
            row.getString(1), row.getInt(4), metric, stat)));
      }
    }
    return stats;
  }

  /** Knobs with more than one distinct value among MF groups of some target. */
  static List<String> sweptMfKnobs(List<TrialGroup> groups) {
    return TrialColumns.KNOBS.stream()
        .filter(knob -> groups.stream().filter(g -> "mf".equals(g.flow()))
            .collect(Collectors.groupingBy(TrialGroup::target,
                Collectors.mapping(g -> g.config().get(knob), Collectors.toSet())))
            .values().stream().anyMatch(values -> values.size() > 1))
        .toList();
  }
}
