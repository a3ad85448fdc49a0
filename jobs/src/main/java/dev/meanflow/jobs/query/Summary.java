package dev.meanflow.jobs.query;

import static org.apache.spark.sql.functions.col;

import dev.meanflow.jobs.config.SpecField;
import dev.meanflow.jobs.tables.Metric;
import dev.meanflow.jobs.tables.ResultTables;
import dev.meanflow.jobs.tables.Schemas;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The standard comparison of a sweep: the best configuration per flow x direction x step count by one metric
 * (mean over seed replicates, OK trials only), then FM against MF side by side.
 */
public final class Summary {
  private Summary() {}

  /** Spec columns that never tell configurations apart in the summary table. */
  private static final List<String> NOT_SHOWN = List.of("flow", "direction", "seed", "device_requested", "threads",
      "eval_steps");

  /** One best configuration. */
  public record Best(String direction, int steps, String flow, double mean, Double sd, long seeds, Double inSupport,
      Map<String, String> config) {}

  /**
   * The best configuration of each flow x direction x step count of {@code sweep}, sorted by direction, steps, flow.
   * Computed on the driver from one small scan of each table: a sweep has at most thousands of trials.
   */
  public static List<Best> best(SparkSession spark, String root, String sweep, Metric metric) {
    List<String> candidates = SpecField.ALL.stream().map(SpecField::column)
        .filter(c -> !NOT_SHOWN.contains(c)).toList();
    List<String> trialColumns = new ArrayList<>(List.of("run_id", "trial_id", "status", "flow", "direction", "spec"));
    trialColumns.addAll(candidates);
    List<Row> trials = ResultTables.read(spark, root, Schemas.TRIALS).where(col("sweep").equalTo(sweep))
        .selectExpr(trialColumns.toArray(new String[0])).collectAsList();
    List<Row> evals = ResultTables.read(spark, root, Schemas.EVALS).where(col("sweep").equalTo(sweep))
        .select("run_id", "trial_id", "steps", metric.column(), "in_support").collectAsList();

    List<String> varying = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      int column = 6 + i;
      if (trials.stream().map(r -> TextTable.cell(r.get(column))).distinct().count() > 1) {
        varying.add(candidates.get(i));
      }
    }
    Map<String, Row> ok = new HashMap<>();
    trials.stream().filter(r -> "OK".equals(r.getString(2)))
        .forEach(r -> ok.put(r.getString(0) + "/" + r.getString(1), r));

    // configuration = the canonical spec without its seed: replicates of one configuration are averaged
    Map<String, List<double[]>> groups = new TreeMap<>();
    Map<String, Row> groupTrial = new HashMap<>();
    for (Row e : evals) {
      Row t = ok.get(e.getString(0) + "/" + e.getString(1));
      if (t == null || e.isNullAt(3)) {
        continue;
      }
      String config = t.getString(5).replaceAll("(^|;)seed=-?[0-9]+", "");
      String key = t.getString(4) + "\t" + String.format("%08d", e.getInt(2)) + "\t" + t.getString(3) + "\t" + config;
      groups.computeIfAbsent(key, k -> new ArrayList<>())
          .add(new double[] {e.getDouble(3), e.isNullAt(4) ? Double.NaN : e.getDouble(4)});
      groupTrial.putIfAbsent(key, t);
    }
    Map<String, Best> best = new TreeMap<>();
    groups.forEach((key, values) -> {
      String[] parts = key.split("\t");
      double mean = values.stream().mapToDouble(v -> v[0]).average().orElse(Double.NaN);
      double ins = values.stream().mapToDouble(v -> v[1]).average().orElse(Double.NaN);
      Double sd = values.size() < 2 ? null : Math.sqrt(values.stream()
          .mapToDouble(v -> (v[0] - mean) * (v[0] - mean)).sum() / (values.size() - 1));
      Row t = groupTrial.get(key);
      Map<String, String> config = new LinkedHashMap<>();
      for (String c : varying) {
        config.put(c, TextTable.cell(t.get(6 + candidates.indexOf(c))));
      }
      Best candidate = new Best(parts[0], Integer.parseInt(parts[1]), parts[2], mean, sd, values.size(),
          Double.isNaN(ins) ? null : ins, config);
      String cell = parts[0] + "\t" + parts[1] + "\t" + parts[2];
      Best current = best.get(cell);
      if (current == null || (metric.higherIsBetter() ? mean > current.mean() : mean < current.mean())) {
        best.put(cell, candidate);
      }
    });
    return new ArrayList<>(best.values());
  }

  /** Both tables as text. */
  public static String render(List<Best> best, Metric metric, String sweep) {
    StringBuilder out = new StringBuilder();
    String better = metric.higherIsBetter() ? "higher is better" : "lower is better";
    out.append("Best configuration per flow x direction x steps of sweep '").append(sweep).append("' by ")
        .append(metric.column()).append(" (").append(better).append("; mean over seeds, OK trials)\n");
    if (best.isEmpty()) {
      return out.append("(no evaluated OK trial yet)\n").toString();
    }
    List<String> configKeys = new ArrayList<>(best.get(0).config().keySet());
    List<String> header = new ArrayList<>(List.of("direction", "steps", "flow", metric.column(), "sd", "seeds",
        "in_support"));
    header.addAll(configKeys);
    List<List<String>> rows = new ArrayList<>();
    for (Best b : best) {
      List<String> row = new ArrayList<>(List.of(b.direction(), String.valueOf(b.steps()), b.flow(),
          TextTable.cell(b.mean()), TextTable.cell(b.sd()), String.valueOf(b.seeds()), TextTable.cell(b.inSupport())));
      configKeys.forEach(k -> row.add(b.config().get(k)));
      rows.add(row);
    }
    out.append(TextTable.render(header, rows));

    out.append("\nFM vs MF by step count (").append(metric.column()).append(" of each flow's best configuration)\n");
    Map<String, Map<String, Double>> pivot = new LinkedHashMap<>();
    for (Best b : best) {
      pivot.computeIfAbsent(b.direction() + "\t" + b.steps(), k -> new LinkedHashMap<>()).put(b.flow(), b.mean());
    }
    List<List<String>> cmp = new ArrayList<>();
    pivot.forEach((key, flows) -> {
      Double fm = flows.get("fm");
      Double mf = flows.get("mf");
      String winner = fm == null || mf == null ? "-"
          : fm.equals(mf) ? "tie" : (mf < fm) != metric.higherIsBetter() ? "mf" : "fm";
      String[] parts = key.split("\t");
      cmp.add(List.of(parts[0], parts[1], TextTable.cell(fm), TextTable.cell(mf), winner));
    });
    out.append(TextTable.render(List.of("direction", "steps", "fm", "mf", "better"), cmp));
    return out.toString();
  }
}
