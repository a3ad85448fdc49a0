package dev.meanflow.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Timestamp;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's small pure pieces: escaping, number text, statistics, deduplication, grouping. */
class ReportUnitsTest {

  @Test
  void escapesEveryHtmlSpecialCharacter() {
    assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;", Html.escape("a <b> & \"c\" 'd'"));
    assertEquals("", Html.escape(null));
  }

  @Test
  void formatsNumbersCompactlyAndStatsWithAlignedDecimals() {
    assertEquals("0.25", Format.number(0.25));
    assertEquals("1", Format.number(1.0));
    assertEquals("0.003", Format.number(3e-3));
    assertEquals("1.00e-07", Format.number(1e-7));
    assertEquals("0.836 ± 0.002 (n=2)", Format.stat(new MetricStat(0.8361, 0.00178, 2)));
    assertEquals("0.00997 ± 0.00012 (n=3)", Format.stat(new MetricStat(0.009971, 0.000123, 3)));
    assertEquals("0.974 (n=1)", Format.stat(new MetricStat(0.974, Double.NaN, 1)));
  }

  @Test
  void sampleStandardDeviationUsesNMinusOne() {
    MetricStat stat = MetricStat.of(List.of(1.0, 2.0, 3.0, 4.0));
    assertEquals(2.5, stat.mean(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 3.0), stat.sd(), 1e-12);
    assertEquals(4, stat.n());
    assertTrue(Double.isNaN(MetricStat.of(List.of(0.5)).sd()));
    assertEquals(0, MetricStat.of(List.of(0.5)).errorBar());
  }

  @Test
  void aTrialRunAgainCountsOnceAsItsLatestRow() {
    TrialRecord failed = trial("run-a", "t1", "mf", "0.5", "0", "FAILED", "2026-11-27T01:00:00Z");
    TrialRecord retried = trial("run-b", "t1", "mf", "0.5", "0", "OK", "2026-11-27T02:00:00Z");
    TrialRecord other = trial("run-a", "t2", "mf", "0.5", "1", "OK", "2026-11-27T01:30:00Z");
    List<TrialRecord> latest = SweepTables.latest(List.of(retried, failed, other));
    assertEquals(List.of(other, retried), latest);
  }

  @Test
  void groupsSeedsTogetherAndNamesOnlyTheKnobsThatVary() {
    List<TrialRecord> trials = List.of(
        trial("r", "a", "fm", "1", "0", "OK", "2026-11-27T01:00:00Z"),
        trial("r", "b", "fm", "1", "1", "OK", "2026-11-27T01:00:00Z"),
        trial("r", "c", "mf", "0.25", "0", "OK", "2026-11-27T01:00:00Z"),
        trial("r", "d", "mf", "1", "0", "OK", "2026-11-27T01:00:00Z"),
        trial("r", "e", "mf", "1", "1", "FAILED", "2026-11-27T01:00:00Z"));
    List<TrialGroup> groups = TrialGroups.of(trials);
    assertEquals(List.of("FM reverse", "MF reverse · r-neq-t-share=0.25", "MF reverse · r-neq-t-share=1"),
        groups.stream().map(TrialGroup::label).toList());
    assertEquals(2, groups.get(0).trials().size());
    assertEquals("0", groups.get(0).representative().seed());
    assertEquals(List.of("r_neq_t_share"), SweepTables.sweptMfKnobs(groups));
  }

  @Test
  void pageOfASweepWhoseTrialsAllFailedShowsTheFailuresAndNoFigures() {
    TrialRecord failed = trial("run-a", "t1", "mf", "0.5", "0", "FAILED", "2026-11-27T01:00:00Z");
    failed = new TrialRecord(failed.sweep(), failed.runId(), failed.trialId(), failed.spec(), "FAILED",
        "out of memory <GPU 0>", failed.device(), 0, Double.NaN, 0, 0, failed.provenance(), failed.startedAt(),
        failed.finishedAt());
    SweepData data = new SweepData(List.of(failed), TrialGroups.of(List.of(failed)), Map.of(), Map.of(), Map.of(),
        List.of());
    String html = HtmlPage.render(data, List.of(), "runs/x");
    assertTrue(html.contains("out of memory &lt;GPU 0&gt;"), html);
    assertTrue(html.contains("0 OK, 0 diverged, 1 failed"), html);
    assertFalse(html.contains("<img"), html);
  }

  private static TrialRecord trial(String run, String id, String flow, String share, String seed, String status,
      String finished) {
    Map<String, String> spec = new LinkedHashMap<>();
    for (String column : TrialColumns.SPEC) {
      spec.put(column, "x");
    }
    spec.put("flow", flow);
    spec.put("direction", "reverse");
    spec.put("target", "checkerboard");
    spec.put("grid_size", "4");
    spec.put("scale", "2");
    spec.put("r_neq_t_share", flow.equals("fm") ? "1" : share);
    spec.put("sampler", flow.equals("fm") ? "euler" : "writeup");
    spec.put("seed", seed);
    return new TrialRecord("s", run, id, spec, status, "", "cpu", 10, 0.5, 1, 10, Map.of("host", "h"),
        Timestamp.valueOf("2026-11-27 00:00:00"), Timestamp.from(java.time.Instant.parse(finished)));
  }
}
