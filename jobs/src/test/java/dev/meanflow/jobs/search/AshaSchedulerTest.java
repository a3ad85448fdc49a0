package dev.meanflow.jobs.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.core.trial.TrialStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Promotion order and rung bookkeeping of asynchronous successive halving, driven by a stand-in trial function (a
 * score per configuration and rung) one slot or several at a time.
 */
class AshaSchedulerTest {

  private static final Search HALVING = new Search(SearchKind.HALVING, 3, List.of(10, 30), Metric.CELL_TV, 1,
      SeedRanking.ALONE, false);

  /** Configuration i differs in its learning rate; seeds replicate it. */
  private static List<TrialSpec> grid(int configurations, int seeds) {
    List<TrialSpec> cells = new ArrayList<>();
    for (int i = 0; i < configurations; i++) {
      for (int s = 0; s < seeds; s++) {
        cells.add(TrialSpec.builder().with(Knobs.ITERATIONS, 90).with(Knobs.LR, 1e-3 * (i + 1))
            .with(Knobs.SEED, (long) s).build());
      }
    }
    return cells;
  }

  private static int configuration(TrialSpec cell) {
    return (int) Math.round(cell.get(Knobs.LR) / 1e-3) - 1;
  }

  private static String name(RungUnit u) {
    return "c" + configuration(u.cell()) + (u.cell().get(Knobs.SEED) == 0 ? "" : "s" + u.cell().get(Knobs.SEED))
        + "r" + u.rung();
  }

  /** Runs the search to its end one unit at a time, a unit finishing before the next starts; the units in order. */
  private static List<String> runOneSlot(AshaScheduler asha, Function<RungUnit, AshaScheduler.Result> trial) {
    List<String> order = new ArrayList<>();
    while (!asha.done()) {
      RungUnit next = asha.ready().get(0);
      asha.started(next);
      asha.finished(next, trial.apply(next));
      order.add(name(next));
    }
    return order;
  }

  private static AshaScheduler.Result ok(double score) {
    return new AshaScheduler.Result(TrialStatus.OK, score);
  }

  @Test
  void aFreeSlotStartsEveryConfigurationBeforeItPromotesAndNeverWaitsForARungToFill() {
    // lower is better; at rung 1 configuration 1 overtakes configuration 0
    AshaScheduler asha = new AshaScheduler(HALVING, grid(9, 1));
    assertEquals(13, asha.expectedUnits());
    List<String> order = runOneSlot(asha, u -> ok(u.rung() == 1
        ? (configuration(u.cell()) == 1 ? 0 : 10 + configuration(u.cell())) : configuration(u.cell())));
    assertEquals(List.of("c0r0", "c1r0", "c2r0", "c3r0", "c4r0", "c5r0", "c6r0", "c7r0", "c8r0", "c0r1", "c1r1",
        "c2r1", "c1r2"), order, "c1r2 starts as soon as rung 1 holds three, before any other rung-1 result");
    List<CellFate> fates = asha.fates();
    assertEquals(CellFate.Reason.COMPLETED, fates.get(1).reason());
    assertEquals(90, fates.get(1).iterations());
    for (int c : new int[] {0, 2}) {
      assertEquals(CellFate.Reason.STOPPED, fates.get(c).reason());
      assertEquals(1, fates.get(c).rung());
    }
    IntStream.range(3, 9).forEach(c -> assertEquals("stopped at rung 0 (10 iterations)", fates.get(c).describe()));
    assertEquals(9 * 10 + 3 * 20 + 60, asha.spentIterations(), "every unit trains from the rung below");
    assertEquals(9 * 90, asha.gridIterations());
  }

  @Test
  void withSeedsTogetherAConfigurationIsRankedByItsMeanAndADivergedSeedStopsIt() {
    Search together = new Search(SearchKind.HALVING, 3, List.of(10, 30), Metric.CELL_TV, 1, SeedRanking.TOGETHER,
        false);
    AshaScheduler asha = new AshaScheduler(together, grid(3, 2));
    // configuration 0 has the best seed but the other diverges; configuration 1 is best on average
    double[][] scores = {{0.1, Double.NaN}, {0.5, 0.4}, {0.9, 0.2}};
    List<String> order = runOneSlot(asha, u -> {
      double score = scores[configuration(u.cell())][u.cell().get(Knobs.SEED).intValue()];
      return Double.isNaN(score) ? new AshaScheduler.Result(TrialStatus.DIVERGED, Double.NaN) : ok(score);
    });
    assertEquals(List.of("c0r0", "c0s1r0", "c1r0", "c1s1r0", "c2r0", "c2s1r0", "c1r1", "c1s1r1"), order,
        "both seeds of the best mean are promoted together; 3 / 3 = 1 configuration per rung");
    List<CellFate> fates = asha.fates();
    assertEquals(CellFate.Reason.STOPPED, fates.get(0).reason());
    assertEquals(CellFate.Reason.DIVERGED, fates.get(1).reason());
    assertEquals(CellFate.Reason.STOPPED, fates.get(2).reason(), "rung 1 holds one configuration: 1 / 3 = 0 go on");
    assertEquals(1, fates.get(2).rung());
  }

  @Test
  void aGridOrderedWorstFirstPromotesOnlyItsBestThird() {
    // each configuration better than the one before it: promoting as results come would take c2, then c5 and c4, ...
    AshaScheduler asha = new AshaScheduler(HALVING, grid(9, 1));
    runOneSlot(asha, u -> ok(9 - configuration(u.cell())));
    List<CellFate> fates = asha.fates();
    assertEquals(List.of(CellFate.Reason.STOPPED, CellFate.Reason.STOPPED, CellFate.Reason.COMPLETED),
        fates.subList(6, 9).stream().map(CellFate::reason).toList());
    assertEquals(List.of(0, 0, 0, 0, 0, 0, 1, 1, 2), fates.stream().map(CellFate::rung).toList());
    assertEquals(9 * 10 + 3 * 20 + 60, asha.spentIterations(), "synchronous halving's work: 9, 3 and 1 units");
  }

  @Test
  void slotsRunningAtOnceStillPromoteExactlyTheBestThirdOfEachRung() {
    AshaScheduler asha = new AshaScheduler(HALVING, grid(27, 1));
    List<RungUnit> running = new ArrayList<>();
    int finished = 0;
    while (!asha.done()) {
      while (running.size() < 4 && !asha.ready().isEmpty()) {
        RungUnit next = asha.ready().get(0);
        asha.started(next);
        running.add(next);
      }
      RungUnit oldest = running.remove(0); // slots finish in the order they started
      asha.finished(oldest, ok(configuration(oldest.cell()) % 7));
      finished++;
    }
    assertEquals(27 + 9 + 3, finished);
    long finalists = asha.fates().stream().filter(f -> f.reason() == CellFate.Reason.COMPLETED).count();
    assertEquals(3, finalists);
    assertTrue(asha.fates().stream().filter(f -> f.reason() == CellFate.Reason.COMPLETED)
        .allMatch(f -> f.rung() == 2));
  }

  @Test
  void aResumedSearchRebuildsItsStateFromTheLandedUnitsInAnyOrder() {
    List<TrialSpec> grid = grid(9, 1);
    AshaScheduler original = new AshaScheduler(HALVING, grid);
    List<RungUnit> landed = new ArrayList<>();
    for (int i = 0; i < 7; i++) { // killed after seven units
      RungUnit next = original.ready().get(0);
      original.started(next);
      original.finished(next, ok(configuration(next.cell())));
      landed.add(next);
    }
    AshaScheduler resumed = new AshaScheduler(HALVING, grid);
    for (int i = landed.size() - 1; i >= 0; i--) {
      RungUnit unit = resumed.unitOf(landed.get(i).spec()).orElseThrow();
      assertEquals(landed.get(i), unit, "a landed trial maps back to its cell and rung");
      resumed.restore(unit, ok(configuration(unit.cell())));
    }
    assertEquals(original.ready(), resumed.ready());
    assertEquals(original.spentIterations(), resumed.spentIterations());
    assertEquals(List.of("c7r0", "c8r0", "c0r1", "c1r1", "c2r1", "c0r2"),
        runOneSlot(resumed, u -> ok(configuration(u.cell()))));
  }
}
