package dev.meanflow.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.distribution.Support;
import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.compare.Comparison;
import dev.meanflow.jobs.compare.Outcomes;
import dev.meanflow.jobs.compare.SeedStats;
import dev.meanflow.jobs.compare.TrialOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report's small pure pieces: escaping, number text, statistics, deduplication, grouping. */
class ReportUnitsTest {

  @Test
  void escapesEveryHtmlSpecialCharacter() {
    assertEquals("a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos;", Html.escape("a <b> & \"c\" 'd'"));
    assertEquals("", Html.escape(null));
  }

  @Test
  void longLegendLabelsWrapAtTheirCommas() {
    assertEquals("MF reverse · r-neq-t-share=0.25", ChartStyle.legendLabel("MF reverse · r-neq-t-share=0.25"));
    String label = "MF reverse · objective=improved, r-neq-t-share=0.5, fm-warmup=1000, adaptive-p=1, "
        + "grad-clip=1, ema-decay=0.999";
    String wrapped = ChartStyle.legendLabel(label);
    assertEquals(label, wrapped.replace(",\n", ", "), "only the spaces after commas change");
    assertTrue(wrapped.lines().count() >= 3, wrapped);
    assertTrue(wrapped.lines().allMatch(l -> l.length() <= ChartStyle.LEGEND_LINE), wrapped);
  }

  @Test
  void formatsNumbersCompactlyAndStatsWithAlignedDecimals() {
    assertEquals("0.25", Format.number(0.25));
    assertEquals("1", Format.number(1.0));
    assertEquals("0.003", Format.number(3e-3));
    assertEquals("1.00e-07", Format.number(1e-7));
    assertEquals("0.836 ± 0.002 (n=2)", Format.stat(new SeedStats(0.8361, 0.00178, 0.016, 2)));
    assertEquals("0.00997 ± 0.00012 (n=3)", Format.stat(new SeedStats(0.009971, 0.000123, 0.000306, 3)));
    assertEquals("0.974 (n=1)", Format.stat(new SeedStats(0.974, Double.NaN, Double.NaN, 1)));
    assertEquals("95% CI ±0.00031", Format.ci(new SeedStats(0.009971, 0.000123, 0.000306, 3)));
    assertEquals("", Format.ci(new SeedStats(0.974, Double.NaN, Double.NaN, 1)));
  }

  @Test
  void sampleStandardDeviationUsesNMinusOne() {
    SeedStats stat = SeedStats.of(List.of(1.0, 2.0, 3.0, 4.0));
    assertEquals(2.5, stat.mean(), 1e-12);
    assertEquals(Math.sqrt(5.0 / 3.0), stat.sd(), 1e-12);
    assertEquals(4, stat.n());
    assertTrue(Double.isNaN(SeedStats.of(List.of(0.5)).sd()));
    assertEquals(0, SeedStats.of(List.of(0.5)).errorBar());
  }

  @Test
  void groupsSeedsTogetherAndNamesOnlyTheKnobsThatVary() {
    List<TrialOutcome> trials = List.of(
        trial(Flow.FM, 1.0, 0, TrialStatus.OK),
        trial(Flow.FM, 1.0, 1, TrialStatus.OK),
        trial(Flow.MF, 0.25, 0, TrialStatus.OK),
        trial(Flow.MF, 1.0, 0, TrialStatus.OK),
        trial(Flow.MF, 1.0, 1, TrialStatus.FAILED));
    List<TrialGroup> groups = groups(Comparison.of(trials));
    assertEquals(List.of("FM reverse", "MF reverse · r-neq-t-share=0.25", "MF reverse · r-neq-t-share=1"),
        groups.stream().map(TrialGroup::label).toList());
    assertEquals(2, groups.get(0).trials().size());
    assertEquals("0", groups.get(0).representative().seed());
    assertEquals(List.of("r_neq_t_share"), SweepTables.sweptMfKnobs(groups));
  }

  @Test
  void theSupportIsDrawnFromTheTargetsOwnMembershipTest() {
    TrialGroup board = groups(Comparison.of(List.of(trial(Flow.MF, 1.0, 0, TrialStatus.OK)))).get(0);
    Support support = board.support().orElseThrow();
    SampleGridFigure.View view = new SampleGridFigure.View(0, 0, 3);
    List<double[]> rectangles = SampleGridFigure.supportRectangles(support, view);
    // the raster aligns with the 4x4 board on [-2, 2]^2: exactly its 8 occupied cells, each 1 x 1
    assertEquals(8, rectangles.size());
    for (double[] r : rectangles) {
      assertEquals(1.0, r[2] - r[0], 1e-9);
      assertEquals(1.0, r[3] - r[1], 1e-9);
      assertTrue(support.contains((r[0] + r[2]) / 2, (r[1] + r[3]) / 2));
    }
    TrialSpec moons = TrialSpec.builder().with(Knobs.TARGET, TargetKind.TWO_MOONS).build();
    TrialGroup moon = groups(Comparison.of(List.of(Outcomes.of(moons, TrialStatus.OK, "r", "2026-11-27T01:00:00Z",
        Metric.SWD, Map.of(1, 0.1))))).get(0);
    assertTrue(moon.support().isEmpty());
  }

  @Test
  void pageOfASweepWhoseTrialsAllFailedShowsTheFailuresAndNoFigures() {
    Comparison failed = Comparison.of(List.of(trial(Flow.MF, 0.5, 0, TrialStatus.FAILED)));
    TrialRecord record = TrialRecord.fromRow(failed.trials().get(0).row());
    record = new TrialRecord(record.sweep(), record.runId(), record.trialId(), record.spec(), TrialStatus.FAILED,
        "out of memory <GPU 0>", record.device(), 0, Double.NaN, 0, 0, record.provenance(), record.startedAt(),
        record.finishedAt());
    SweepData data = new SweepData(failed, List.of(record), groups(failed), Map.of(), Map.of(), List.of(), List.of());
    String html = HtmlPage.render(data, List.of(), "runs/x");
    assertTrue(html.contains("out of memory &lt;GPU 0&gt;"), html);
    assertTrue(html.contains("0 OK, 0 diverged, 1 failed"), html);
    assertFalse(html.contains("<img"), html);
  }

  private static TrialOutcome trial(Flow flow, double share, long seed, TrialStatus status) {
    TrialSpec spec = TrialSpec.builder().with(Knobs.FLOW, flow).with(Knobs.R_NEQ_T_SHARE, share)
        .with(Knobs.SEED, seed).build().normalized();
    return Outcomes.of(spec, status, "r", "2026-11-27T01:00:00Z", Metric.CELL_TV, Map.of(1, 0.5));
  }

  private static List<TrialGroup> groups(Comparison comparison) {
    Map<String, TrialRecord> records = new LinkedHashMap<>();
    comparison.trials().forEach(t -> records.put(TrialGroups.key(t.runId(), t.trialId()), TrialRecord.fromRow(t.row())));
    return TrialGroups.of(comparison, records);
  }
}
