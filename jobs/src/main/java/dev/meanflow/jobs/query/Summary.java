package dev.meanflow.jobs.query;

import static org.apache.spark.sql.functions.col;

import dev.meanflow.jobs.config.SpecField;
import dev.meanflow.jobs.tables.Metric;
import dev.meanflow.jobs.tables.ResultTables;
import dev.meanflow.jobs.tables.Schemas;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
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

  /** The best configuration of each flow x direction x step count of {@code sweep}, sorted by direction, steps, flow. */
  public static List<Best> best(SparkSession spark, String root, String sweep, Metric metric) {
    Dataset<Row> trials = ResultTables.read(spark, root, Schemas.TRIALS).where(col("sweep").equalTo(sweep));
    Dataset<Row> evals = ResultTables.read(spark, root, Schemas.EVALS).where(col("sweep").equalTo(sweep));
    List<String> varying = varying(trials);
    trials.createOrReplaceTempView("summary_trials");
    evals.createOrReplaceTempView("summary_evals");
    String shown = varying.stream().map(c -> ", " + c).collect(Collectors.joining());
    String tShown = varying.stream().map(c -> ", t." + c).collect(Collectors.joining());
    String order = metric.higherIsBetter() ? "DESC" : "ASC";
    String sql = "WITH e AS (SELECT t.flow, t.direction, e.steps" + tShown
        + ", regexp_replace(t.spec, '(^|;)seed=-?[0-9]+', '') AS config, e." + metric.column() + " AS m,"
        + " e.in_support AS ins FROM summary_trials t JOIN summary_evals e"
        + " ON t.run_id = e.run_id AND t.trial_id = e.trial_id"
        + " WHERE t.status = 'OK' AND e." + metric.column() + " IS NOT NULL),"
        + " g AS (SELECT flow, direction, steps, config" + shown + ", avg(m) AS mean, stddev_samp(m) AS sd,"
        + " count(*) AS n, avg(ins) AS ins FROM e GROUP BY flow, direction, steps, config" + shown + "),"
        + " r AS (SELECT *, row_number() OVER (PARTITION BY flow, direction, steps ORDER BY mean " + order
        + ", config) AS rk FROM g)"
        + " SELECT direction, steps, flow, mean, sd, n, ins" + shown + " FROM r WHERE rk = 1"
        + " ORDER BY direction, steps, flow";
    List<Best> out = new ArrayList<>();
    for (Row row : spark.sql(sql).collectAsList()) {
      Map<String, String> config = new LinkedHashMap<>();
      for (int i = 0; i < varying.size(); i++) {
        config.put(varying.get(i), TextTable.cell(row.get(7 + i)));
      }
      out.add(new Best(row.getString(0), row.getInt(1), row.getString(2), row.getDouble(3),
          row.isNullAt(4) ? null : row.getDouble(4), row.getLong(5), row.isNullAt(6) ? null : row.getDouble(6),
          config));
    }
    return out;
  }

  /** Spec columns with more than one value among the sweep's trials (besides flow, direction and seed). */
  private static List<String> varying(Dataset<Row> trials) {
    List<String> candidates = SpecField.ALL.stream().map(SpecField::column)
        .filter(c -> !NOT_SHOWN.contains(c)).toList();
    String exprs = candidates.stream().map(c -> "count(DISTINCT " + c + ")").collect(Collectors.joining(", "));
    Row counts = trials.selectExpr(exprs.split(", ")).first();
    List<String> varying = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      if (counts.getLong(i) > 1) {
        varying.add(candidates.get(i));
      }
    }
    return varying;
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
