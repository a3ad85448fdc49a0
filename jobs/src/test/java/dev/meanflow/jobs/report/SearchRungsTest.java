package dev.meanflow.jobs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.compare.Comparison;
import dev.meanflow.jobs.compare.Outcomes;
import dev.meanflow.jobs.compare.TrialOutcome;
import dev.meanflow.jobs.tables.RungPlace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/**
 * The report's view of a halving search, from rung trials made by the real row builder: three MF configurations of
 * two seeds through rungs of 10 and 30 iterations, ranked by energy distance at 2 steps. Share 1 goes on and
 * completes, share 0.5 is stopped at rung 0, and one seed of share 0.25 diverges there after 4 iterations.
 */
class SearchRungsTest {

  private static TrialSpec cell(double share, long seed) {
    return TrialSpec.builder().with(Knobs.FLOW, Flow.MF).with(Knobs.R_NEQ_T_SHARE, share).with(Knobs.SEED, seed)
        .with(Knobs.ITERATIONS, 30).build().normalized();
  }

  private static TrialOutcome rung(double share, long seed, int rung, TrialStatus status, double energy, int done) {
    TrialSpec cell = cell(share, seed);
    TrialSpec spec = rung == 1 ? cell : cell.with(Knobs.ITERATIONS, 10);
    RungPlace place = new RungPlace(cell.id(), rung, 2, rung == 0 ? 0 : 10, 30, Metric.ENERGY.column(), 2);
    // the primary metric disagrees with the ranking one, so the view must read the metric the search named
    return Outcomes.of(spec, status, "r", "2026-12-07T01:00:00Z", Metric.ENERGY, Map.of(1, 9.0, 2, energy),
        place, done);
  }

  private static List<TrialOutcome> search() {
    List<TrialOutcome> trials = new ArrayList<>();
    for (long seed = 0; seed < 2; seed++) {
      trials.add(rung(1.0, seed, 0, TrialStatus.OK, 0.2 + seed * 0.1, 10));
      trials.add(rung(1.0, seed, 1, TrialStatus.OK, 0.1 + seed * 0.1, 30));
      trials.add(rung(0.5, seed, 0, TrialStatus.OK, 0.4, 10));
    }
    trials.add(rung(0.25, 0, 0, TrialStatus.OK, 0.3, 10));
    trials.add(rung(0.25, 1, 0, TrialStatus.DIVERGED, Double.NaN, 4));
    return trials;
  }

  @Test
  void eachConfigurationsPathFateAndTheComputeAgainstTheFullGrid() {
    List<SearchRungs> searches = SearchRungs.of(search());
    assertEquals(1, searches.size());
    SearchRungs s = searches.get(0);
    assertEquals(Metric.ENERGY, s.metric());
    assertEquals(2, s.steps());
    assertEquals(List.of("MF reverse · r-neq-t-share=1", "MF reverse · r-neq-t-share=0.5",
        "MF reverse · r-neq-t-share=0.25"), s.paths().stream().map(SearchRungs.Path::label).toList(),
        "finalists first, then the others best first; a diverged configuration has no score and comes last");
    assertEquals(List.of("finalist", "stopped at rung 0", "diverged at rung 0"),
        s.paths().stream().map(SearchRungs.Path::fate).toList());
    SearchRungs.Path finalist = s.paths().get(0);
    assertEquals(List.of(10, 30), finalist.iterations());
    assertEquals(0.25, finalist.scores().get(0), 1e-12, "the mean over both seeds at rung 0");
    assertEquals(0.15, finalist.scores().get(1), 1e-12);
    assertEquals(2, finalist.seeds());
    assertTrue(Double.isNaN(s.paths().get(2).lastScore()), "a diverged seed leaves the configuration unscored");
    // rung 0: 6 trials of 10 less the diverged one's 6; rung 1: 2 trials of 20 beyond their checkpoint
    assertEquals(6 * 10 - 6 + 2 * 20, s.spent());
    assertEquals(6 * 30, s.grid());
    assertEquals(List.of(new SearchRungs.Rung(0, 10, 3, 1, 1, 1), new SearchRungs.Rung(1, 30, 1, 0, 0, 0)),
        s.rungs());
    assertEquals(1, s.rungs().get(1).completed());
  }

  @Test
  void theComparisonRanksOnlyTheFullBudgetAndThePageShowsHowTheSearchGotThere() {
    List<TrialOutcome> all = search();
    List<TrialOutcome> full = all.stream().filter(o -> !SearchRungs.belowFullBudget(o)).toList();
    assertEquals(2, full.size(), "the two seeds of the finalist at 30 iterations");
    Comparison comparison = Comparison.of(full);
    Map<String, TrialRecord> records = new LinkedHashMap<>();
    comparison.trials().forEach(t -> records.put(TrialGroups.key(t.runId(), t.trialId()),
        TrialRecord.fromRow(t.row())));
    List<TrialGroup> groups = TrialGroups.of(comparison, records);
    assertEquals(1, groups.size());
    SweepData data = new SweepData(comparison, List.copyOf(records.values()), groups, Map.of(), Map.of(),
        List.of(), SearchRungs.of(all));

    XYChart chart = HalvingFigure.chart(data.searches().get(0)).orElseThrow();
    assertEquals(2, chart.getSeriesMap().size(), "the diverged configuration has no point to draw");
    assertTrue(chart.getSeriesMap().get("MF reverse · r-neq-t-share=1").isShowInLegend());
    assertEquals(1, chart.getSeriesMap().values().stream().filter(series -> !series.isShowInLegend()).count());

    String html = HtmlPage.render(data, List.of(), "runs/x");
    assertTrue(html.contains("<section id=\"halving\">"), html);
    assertTrue(html.contains("<a href=\"#halving\">Successive halving</a>"), html);
    assertTrue(html.contains("<b>94</b> of the full grid's 180 trial-iterations (52%)"), html);
    assertTrue(html.contains("<td>diverged at rung 0</td>"), html);
    assertTrue(html.contains("energy distance at 2 steps"), html);
  }

  @Test
  void aGridSweepHasNoSearch() {
    TrialOutcome grid = Outcomes.of(cell(1.0, 0), TrialStatus.OK, "r", "2026-12-07T01:00:00Z", Metric.CELL_TV,
        Map.of(1, 0.5));
    assertTrue(SearchRungs.of(List.of(grid)).isEmpty());
    assertFalse(SearchRungs.belowFullBudget(grid));
  }
}
