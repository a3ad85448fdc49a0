package dev.meanflow.jobs.compare;

import static dev.meanflow.core.spec.Knobs.DIRECTION;
import static dev.meanflow.core.spec.Knobs.FLOW;
import static dev.meanflow.core.spec.Knobs.R_NEQ_T_SHARE;
import static dev.meanflow.core.spec.Knobs.SEED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialStatus;
import dev.meanflow.jobs.query.Summary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one comparison behind summary, the sweep's closing table and the report. */
class ComparisonTest {

  private static TrialSpec mf(double share, long seed) {
    return TrialSpec.builder().with(FLOW, Flow.MF).with(R_NEQ_T_SHARE, share).with(SEED, seed).build();
  }

  private static TrialOutcome ok(TrialSpec spec, Metric metric, double atOne, double atFour) {
    return Outcomes.of(spec, TrialStatus.OK, "run-a", "2026-11-27T01:00:00Z", metric, Map.of(1, atOne, 4, atFour));
  }

  @Test
  void replicatesDifferOnlyInTheSeedAndAreSummarisedOverSeeds() {
    Comparison c = Comparison.of(List.of(ok(mf(0.5, 0), Metric.CELL_TV, 0.2, 0.1),
        ok(mf(0.5, 1), Metric.CELL_TV, 0.4, 0.1), ok(mf(1.0, 0), Metric.CELL_TV, 0.3, 0.2)));
    assertEquals(2, c.groups().size());
    ReplicateGroup half = c.groups().stream().filter(g -> g.configuration().get(R_NEQ_T_SHARE) == 0.5)
        .findFirst().orElseThrow();
    assertEquals(2, half.trials().size());
    assertEquals(0.3, half.stat(1, Metric.CELL_TV).mean(), 1e-12);
    assertEquals(Math.sqrt(0.02), half.stat(1, Metric.CELL_TV).sd(), 1e-12);
    assertEquals(0L, half.representative().spec().get(SEED));
    assertEquals(null, half.stat(1, Metric.SWD), "no value, no statistic");
  }

  @Test
  void rankingFollowsEachMetricsOwnDirection() {
    TrialOutcome low = ok(mf(0.25, 0), Metric.CELL_TV, 0.1, 0.1);
    TrialOutcome high = ok(mf(0.75, 0), Metric.CELL_TV, 0.9, 0.9);
    Comparison lower = Comparison.of(List.of(low, high));
    assertEquals(0.25, lower.best(g -> true, 1, Metric.CELL_TV).orElseThrow().configuration().get(R_NEQ_T_SHARE));
    Comparison higher = Comparison.of(List.of(ok(mf(0.25, 0), Metric.IN_SUPPORT, 0.1, 0.1),
        ok(mf(0.75, 0), Metric.IN_SUPPORT, 0.9, 0.9)));
    assertEquals(0.75, higher.best(g -> true, 1, Metric.IN_SUPPORT).orElseThrow().configuration()
        .get(R_NEQ_T_SHARE));
    assertEquals(List.of(0.25, 0.75), lower.ranked(g -> true, 4, Metric.CELL_TV).stream()
        .map(g -> g.configuration().get(R_NEQ_T_SHARE)).toList());
  }

  @Test
  void aTrialRunAgainCountsOnceAsItsLatestRow() {
    TrialSpec spec = mf(0.5, 0);
    TrialOutcome failed = Outcomes.of(spec, TrialStatus.FAILED, "run-a", "2026-11-27T01:00:00Z", Metric.CELL_TV,
        Map.of());
    TrialOutcome retried = Outcomes.of(spec, TrialStatus.OK, "run-b", "2026-11-27T02:00:00Z", Metric.CELL_TV,
        Map.of(1, 0.3));
    TrialOutcome other = ok(mf(0.5, 1), Metric.CELL_TV, 0.2, 0.2);
    Comparison c = Comparison.of(List.of(retried, failed, other));
    assertEquals(List.of(other, retried), c.trials());
    assertEquals(2, c.groups().get(0).trials().size());
  }

  @Test
  void summaryTakesTheBestConfigurationOfEachFlowDirectionAndStepCount() {
    TrialSpec fm = TrialSpec.builder().with(FLOW, Flow.FM).with(DIRECTION, Direction.FORWARD).build();
    List<Summary.Best> best = Summary.best(List.of(ok(mf(0.25, 0), Metric.CELL_TV, 0.5, 0.2),
        ok(mf(0.75, 0), Metric.CELL_TV, 0.3, 0.4), ok(fm, Metric.CELL_TV, 0.8, 0.1)), Metric.CELL_TV);
    assertEquals(List.of("forward/1/fm", "forward/4/fm", "reverse/1/mf", "reverse/4/mf"),
        best.stream().map(b -> b.direction() + "/" + b.steps() + "/" + b.flow()).toList());
    assertEquals("0.75", best.get(2).config().get("r-neq-t-share"));
    assertEquals("0.25", best.get(3).config().get("r-neq-t-share"));
    assertTrue(Summary.render(best, Metric.CELL_TV, "s").contains("lower is better"));
  }

  @Test
  void summaryNeverRanksOneTargetAgainstAnother() {
    TrialSpec moons = TrialSpec.builder().with(Knobs.TARGET, TargetKind.TWO_MOONS).build();
    List<Summary.Best> best = Summary.best(List.of(ok(mf(0.25, 0), Metric.SWD, 0.5, 0.2),
        ok(moons, Metric.SWD, 0.1, 0.1)), Metric.SWD);
    assertEquals(List.of("checkerboard/1", "checkerboard/4", "two-moons/1", "two-moons/4"),
        best.stream().map(b -> b.target() + "/" + b.steps()).toList());
    String text = Summary.render(best, Metric.SWD, "s");
    assertTrue(text.lines().anyMatch(l -> l.startsWith("target")), text);
  }
}
