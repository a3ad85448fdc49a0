package dev.meanflow.jobs.report;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.jobs.compare.Comparison;
import dev.meanflow.jobs.compare.SeedStats;
import dev.meanflow.jobs.compare.SweepResults;
import dev.meanflow.jobs.compare.TrialOutcome;
import dev.meanflow.jobs.report.SweepData.AblationStat;
import dev.meanflow.jobs.report.SweepData.LossCurve;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.ResultTables;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;


/**
 * Reads a sweep's result tables into {@link SweepData}. Trials and evaluations are small (trials x step counts):
 * they come through {@link SweepResults} into the shared {@link Comparison}. The big tables stay in Spark: losses
 * are averaged per group and iteration there, and only one seed's samples per group leave it.
 */
final class SweepTables {
  /** Kept samples drawn per cell of the sample grid; more only blurs the picture and slows the page. */
  static final int MAX_POINTS_PER_CELL = 2000;

  private static final String LOSSES = "report_losses";
  private static final String SAMPLES = "report_samples";
  private static final String GROUPS = "report_groups";
  private static final String SAMPLE_TRIALS = "report_sample_trials";

  private SweepTables() {}

  static SweepData load(SparkSession spark, String root) {
    List<TrialOutcome> all = SweepResults.load(new DeltaStore(root, spark.sparkContext().hadoopConfiguration()), null);
    if (all.isEmpty()) {
      throw new NoResultTablesException(root, "the trials table is empty or missing");
    }
    // a halving search's lower rungs are how it chose: the comparison ranks what reached the full budget
    List<TrialOutcome> outcomes = all.stream().filter(o -> !SearchRungs.belowFullBudget(o)).toList();
    if (outcomes.isEmpty()) {
      throw new NoResultTablesException(root, "no trial of the halving search has reached its full budget yet");
    }
    Comparison comparison = Comparison.of(outcomes);
    Map<String, TrialRecord> records = new LinkedHashMap<>();
    for (TrialOutcome outcome : comparison.trials()) {
      records.put(TrialGroups.key(outcome.runId(), outcome.trialId()), TrialRecord.fromRow(outcome.row()));
    }
    List<TrialGroup> groups = TrialGroups.of(comparison, records);
    registerGroups(spark, groups, lowerRungs(all));
    return new SweepData(comparison, List.copyOf(records.values()), groups,
        register(spark, root, "losses", LOSSES) ? losses(spark) : Map.of(),
        register(spark, root, "samples", SAMPLES) ? samples(spark) : Map.of(),
        ablations(groups), SearchRungs.of(all));
  }

  /** The rung trials below the full budget, by the cell they continue: their losses begin a finalist's curve. */
  private static Map<String, List<TrialOutcome>> lowerRungs(List<TrialOutcome> all) {
    return all.stream().filter(SearchRungs::belowFullBudget)
        .collect(Collectors.groupingBy(o -> o.row().<String>getAs("search_cell")));
  }

  private static boolean register(SparkSession spark, String root, String table, String view) {
    Dataset<Row> rows = ResultTables.read(spark, root, table);
    if (rows.isEmpty()) {
      return false; // a sweep whose trials all failed has no samples
    }
    rows.createOrReplaceTempView(view);
    return true;
  }

  private static void registerGroups(SparkSession spark, List<TrialGroup> groups,
      Map<String, List<TrialOutcome>> lowerRungs) {
    StructType schema = new StructType()
        .add("run_id", DataTypes.StringType)
        .add("trial_id", DataTypes.StringType)
        .add("group_id", DataTypes.StringType);
    List<Row> members = new ArrayList<>();
    List<Row> representatives = new ArrayList<>();
    for (TrialGroup group : groups) {
      for (TrialOutcome trial : group.replicates().trials()) {
        members.add(RowFactory.create(trial.runId(), trial.trialId(), group.id()));
        String cell = trial.row().getAs("search_cell");
        for (TrialOutcome lower : cell == null ? List.<TrialOutcome>of() : lowerRungs.getOrDefault(cell, List.of())) {
          members.add(RowFactory.create(lower.runId(), lower.trialId(), group.id()));
        }
      }
      TrialRecord rep = group.representative();
      representatives.add(RowFactory.create(rep.runId(), rep.trialId(), group.id()));
    }
    spark.createDataFrame(members, schema).createOrReplaceTempView(GROUPS);
    spark.createDataFrame(representatives, schema).createOrReplaceTempView(SAMPLE_TRIALS);
  }

  /** For every knob swept among MF groups: each metric by knob value, direction and step count, pooled. */
  private static List<AblationStat> ablations(List<TrialGroup> groups) {
    record Key(String target, String knob, String value, String direction, int steps, Metric metric) {}
    Map<Key, List<Double>> pooled = new LinkedHashMap<>();
    List<String> knobs = sweptMfKnobs(groups);
    for (TrialGroup group : groups) {
      if (group.replicates().flow() != Flow.MF) {
        continue;
      }
      for (TrialOutcome trial : group.replicates().trials()) {
        trial.evals().forEach((steps, values) -> values.finite().forEach((metric, v) -> {
          for (String knob : knobs) {
            pooled.computeIfAbsent(new Key(group.target(), knob, group.config().get(knob), group.direction(),
                steps, metric), k -> new ArrayList<>()).add(v);
          }
        }));
      }
    }
    List<AblationStat> stats = new ArrayList<>();
    pooled.forEach((k, values) -> stats.add(new AblationStat(k.target(), k.knob(), k.value(), k.direction(),
        k.steps(), k.metric(), SeedStats.of(values))));
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
        .filter(knob -> groups.stream().filter(g -> g.replicates().flow() == Flow.MF)
            .collect(Collectors.groupingBy(TrialGroup::target,
                Collectors.mapping(g -> g.config().get(knob), Collectors.toSet())))
            .values().stream().anyMatch(values -> values.size() > 1))
        .toList();
  }
}
