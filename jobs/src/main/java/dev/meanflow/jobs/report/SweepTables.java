package dev.meanflow.jobs.report;

import dev.meanflow.jobs.report.SweepData.AblationStat;
import dev.meanflow.jobs.report.SweepData.LossCurve;
import dev.meanflow.jobs.tables.ResultTables;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Reads a sweep's result tables through Spark SQL into {@link SweepData}. The big tables stay in Spark: losses are
 * averaged per group and iteration there, and only one seed's samples per group leave it. Trials and per-trial
 * evaluations are small (trials x step counts) and are aggregated on the driver, which keeps the number of Spark
 * jobs, and so the report's run time, low.
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
    raw.createOrReplaceTempView(TRIALS);
    List<TrialRecord> trials = latest(spark.sql("SELECT * FROM " + TRIALS).collectAsList().stream()
        .map(TrialRecord::fromRow).toList());
    if (trials.isEmpty()) {
      throw new NoResultTablesException(root, "the trials table is empty");
    }
    List<TrialGroup> groups = TrialGroups.of(trials);
    registerGroups(spark, groups);

    Map<String, SortedMap<Integer, Map<Metric, MetricStat>>> evals = Map.of();
    List<AblationStat> ablations = List.of();
    if (register(spark, root, "evals", EVALS)) {
      List<Row> rows = spark.sql("SELECT g.group_id, e.steps, "
          + Arrays.stream(Metric.values()).map(m -> "e." + m.column()).collect(Collectors.joining(", "))
          + " FROM " + EVALS + " e JOIN " + GROUPS + " g ON e.run_id = g.run_id AND e.trial_id = g.trial_id")
          .collectAsList();
      evals = evals(rows);
      ablations = ablations(rows, groups);
    }
    return new SweepData(trials, groups, evals,
        register(spark, root, "losses", LOSSES) ? losses(spark) : Map.of(),
        register(spark, root, "samples", SAMPLES) ? samples(spark) : Map.of(),
        ablations);
  }

  /** The table's committed rows, or empty when it has none (a sweep whose trials all failed has no samples). */
  private static Optional<Dataset<Row>> read(SparkSession spark, String root, String table) {
    Dataset<Row> rows = ResultTables.read(spark, root, table);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows);
  }

  private static boolean register(SparkSession spark, String root, String table, String view) {
    Optional<Dataset<Row>> data = read(spark, root, table);
    data.ifPresent(d -> d.createOrReplaceTempView(view));
    return data.isPresent();
  }

  /** One row per trial id: a trial run again by a later sweep run (e.g. after a failure) counts once, as last run. */
  static List<TrialRecord> latest(List<TrialRecord> rows) {
    Comparator<TrialRecord> newer = Comparator
        .comparing(TrialRecord::finishedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
        .thenComparing(TrialRecord::runId);
    Map<String, TrialRecord> latest = rows.stream().collect(Collectors.toMap(TrialRecord::trialId,
        Function.identity(), (a, b) -> newer.compare(a, b) >= 0 ? a : b, LinkedHashMap::new));
    return latest.values().stream()
        .sorted(Comparator.comparing(TrialRecord::runId).thenComparing(TrialRecord::trialId))
        .toList();
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

  /** Metric values of one eval row, NULL (NaN in the run) left out. */
  private static Map<Metric, Double> values(Row row) {
    Map<Metric, Double> values = new EnumMap<>(Metric.class);
    for (Metric m : Metric.values()) {
      int i = row.fieldIndex(m.column());
      if (!row.isNullAt(i) && Double.isFinite(row.getDouble(i))) {
        values.put(m, row.getDouble(i));
      }
    }
    return values;
  }

  private static Map<String, SortedMap<Integer, Map<Metric, MetricStat>>> evals(List<Row> rows) {
    Map<String, SortedMap<Integer, Map<Metric, List<Double>>>> pooled = new HashMap<>();
    for (Row row : rows) {
      Map<Metric, List<Double>> cell = pooled.computeIfAbsent(row.getString(0), k -> new TreeMap<>())
          .computeIfAbsent(row.getInt(1), k -> new EnumMap<>(Metric.class));
      values(row).forEach((m, v) -> cell.computeIfAbsent(m, k -> new ArrayList<>()).add(v));
    }
    Map<String, SortedMap<Integer, Map<Metric, MetricStat>>> evals = new HashMap<>();
    pooled.forEach((group, bySteps) -> {
      SortedMap<Integer, Map<Metric, MetricStat>> stats = new TreeMap<>();
      bySteps.forEach((steps, byMetric) -> {
        Map<Metric, MetricStat> s = new EnumMap<>(Metric.class);
        byMetric.forEach((m, values) -> s.put(m, MetricStat.of(values)));
        stats.put(steps, s);
      });
      evals.put(group, stats);
    });
    return evals;
  }

  /** For every knob swept among MF groups: each metric by knob value, direction and step count, pooled. */
  private static List<AblationStat> ablations(List<Row> rows, List<TrialGroup> groups) {
    Map<String, TrialGroup> byId = groups.stream().collect(Collectors.toMap(TrialGroup::id, g -> g));
    record Key(String target, String knob, String value, String direction, int steps, Metric metric) {}
    Map<Key, List<Double>> pooled = new LinkedHashMap<>();
    List<String> knobs = sweptMfKnobs(groups);
    for (Row row : rows) {
      TrialGroup group = byId.get(row.getString(0));
      if (!"mf".equals(group.flow())) {
        continue;
      }
      for (String knob : knobs) {
        values(row).forEach((metric, v) -> pooled.computeIfAbsent(new Key(group.target(), knob,
            group.config().get(knob), group.direction(), row.getInt(1), metric), k -> new ArrayList<>()).add(v));
      }
    }
    List<AblationStat> stats = new ArrayList<>();
    pooled.forEach((k, values) -> stats.add(new AblationStat(k.target(), k.knob(), k.value(), k.direction(),
        k.steps(), k.metric(), MetricStat.of(values))));
    return stats;
  }

  private static Map<String, LossCurve> losses(SparkSession spark) {
    Map<String, TreeMap<Integer, Double>> points = new HashMap<>();
    // non-finite losses (a diverging seed) would turn the whole mean into NaN: leave them out of the curve
    for (Row row : spark.sql("SELECT g.group_id, l.iteration, avg(l.loss) FROM " + LOSSES + " l JOIN " + GROUPS
        + " g ON l.run_id = g.run_id AND l.trial_id = g.trial_id WHERE l.loss BETWEEN -1e300 AND 1e300 "
        + "GROUP BY g.group_id, l.iteration").collectAsList()) {
      points.computeIfAbsent(row.getString(0), k -> new TreeMap<>()).put(row.getInt(1), row.getDouble(2));
    }
    Map<String, LossCurve> curves = new HashMap<>();
    points.forEach((group, curve) -> curves.put(group, new LossCurve(
        curve.keySet().stream().mapToDouble(Integer::doubleValue).toArray(),
        curve.values().stream().mapToDouble(Double::doubleValue).toArray())));
    return curves;
  }

  private static Map<String, SortedMap<Integer, float[]>> samples(SparkSession spark) {
    Map<String, SortedMap<Integer, TreeMap<Integer, float[]>>> points = new HashMap<>();
    for (Row row : spark.sql("SELECT r.group_id, s.steps, s.idx, s.x, s.y FROM " + SAMPLES + " s JOIN "
        + SAMPLE_TRIALS + " r ON s.run_id = r.run_id AND s.trial_id = r.trial_id WHERE s.idx < "
        + MAX_POINTS_PER_CELL + " AND s.x IS NOT NULL AND s.y IS NOT NULL").collectAsList()) {
      points.computeIfAbsent(row.getString(0), k -> new TreeMap<>())
          .computeIfAbsent(row.getInt(1), k -> new TreeMap<>())
          .put(row.getInt(2), new float[] {row.getFloat(3), row.getFloat(4)});
    }
    Map<String, SortedMap<Integer, float[]>> samples = new HashMap<>();
    points.forEach((group, bySteps) -> {
      SortedMap<Integer, float[]> packed = new TreeMap<>();
      bySteps.forEach((steps, byIdx) -> {
        float[] xy = new float[byIdx.size() * 2];
        int i = 0;
        for (float[] p : byIdx.values()) {
          xy[i++] = p[0];
          xy[i++] = p[1];
        }
        packed.put(steps, xy);
      });
      samples.put(group, packed);
    });
    return samples;
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
