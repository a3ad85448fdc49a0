package dev.meanflow.core.trial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.metric.MetricValues;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.Precision;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.spec.TrialSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A trial that reaches its budget through checkpoints against the same trial trained straight to it: on a CPU the
 * same bits, loss by loss, in the weights (through the samples they generate), the metrics, the truth errors and the
 * training health, alone and as a fused group.
 */
class CheckpointContinuationTest {

  private static final int BUDGET = 90;

  private static TrialSpec.Builder small() {
    return TrialSpec.builder().with(Knobs.ITERATIONS, BUDGET).with(Knobs.BATCH, 64).with(Knobs.WIDTH, 16)
        .with(Knobs.DEPTH, 2).with(Knobs.THREADS, 1).with(Knobs.LOSS_POINTS, BUDGET)
        .with(Knobs.EVAL_SAMPLES, 300).with(Knobs.EVAL_STEPS, List.of(1, 2)).with(Knobs.KEPT_SAMPLES, 50)
        .with(Knobs.TRUTH_SAMPLES, 128);
  }

  /** Every piece of state a checkpoint carries: Adam, the weight average, clipping, a warm-up that reads the iteration. */
  private static TrialSpec everything() {
    return small().with(Knobs.EMA_DECAY, 0.9).with(Knobs.GRAD_CLIP, 0.5).with(Knobs.FM_WARMUP, 50)
        .with(Knobs.LR, 3e-3).build();
  }

  @Test
  void aTrialContinuedThroughTwoCheckpointsIsBitIdenticalToOneTrainedStraight() {
    TrialSpec trial = everything();
    TrialResult straight = TrialRunner.run(trial);
    Map<String, Checkpoint> saved = new HashMap<>();
    CheckpointSink sink = (member, c) -> saved.put(member.id(), Checkpoint.decode(c.encode())); // as on disk
    TrialRunner.runGroup(List.of(trial.with(Knobs.ITERATIONS, 20)), List.of(), sink);
    Checkpoint first = saved.get(trial.with(Knobs.ITERATIONS, 20).id());
    assertEquals(20, first.iteration());
    TrialRunner.runGroup(List.of(trial.with(Knobs.ITERATIONS, 55)), List.of(first), sink);
    Checkpoint second = saved.get(trial.with(Knobs.ITERATIONS, 55).id());
    TrialResult continued = TrialRunner.runGroup(List.of(trial), List.of(second), sink).get(0);
    assertSameTraining(straight, continued, 55);
    assertEquals(BUDGET, saved.get(trial.id()).iteration(), "the last rung's state is kept too");
  }

  @Test
  void aFusedGroupContinuesBitIdenticallyAndItsMembersMayRegroup() {
    List<TrialSpec> group = List.of(
        small().with(Knobs.PRECISION, Precision.FLOAT64).build(),
        small().with(Knobs.PRECISION, Precision.FLOAT64).with(Knobs.SEED, 7L).with(Knobs.LR, 1e-3)
            .with(Knobs.DIRECTION, Direction.FORWARD).with(Knobs.GRAD_CLIP, 0.5).with(Knobs.EMA_DECAY, 0.9).build(),
        small().with(Knobs.PRECISION, Precision.FLOAT64).with(Knobs.SEED, 3L)
            .with(Knobs.TARGET, TargetKind.EIGHT_GAUSSIANS).with(Knobs.R_NEQ_T_SHARE, 0.25).build());
    List<TrialResult> straight = TrialRunner.runGroup(group);
    Map<String, Checkpoint> saved = new HashMap<>();
    List<TrialSpec> early = group.stream().map(s -> s.with(Knobs.ITERATIONS, 40)).toList();
    TrialRunner.runGroup(early, List.of(), (member, c) -> saved.put(member.id(), c));
    List<Checkpoint> starts = early.stream().map(s -> saved.get(s.id())).toList();

    List<TrialResult> together = TrialRunner.runGroup(group, starts, null);
    for (int k = 0; k < group.size(); k++) {
      assertSameTraining(straight.get(k), together.get(k), 40);
    }
    // a search promotes members one by one: they continue in other groups, within the fused tolerance
    List<TrialResult> pair = TrialRunner.runGroup(List.of(group.get(0), group.get(2)),
        List.of(starts.get(0), starts.get(2)), null);
    TrialResult alone = TrialRunner.runGroup(List.of(group.get(1)), List.of(starts.get(1)), null).get(0);
    assertCloseTraining(straight.get(0), pair.get(0));
    assertCloseTraining(straight.get(2), pair.get(1));
    assertCloseTraining(straight.get(1), alone);
  }

  @Test
  void aCheckpointContinuesOnlyItsOwnTrialToALargerBudget() {
    TrialSpec trial = small().build();
    List<Checkpoint> saved = new ArrayList<>();
    TrialRunner.runGroup(List.of(trial.with(Knobs.ITERATIONS, 10)), List.of(), (member, c) -> saved.add(c));
    Checkpoint c = saved.get(0);
    assertTrue(c.continues(trial));
    IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
        () -> TrialRunner.runGroup(List.of(trial.with(Knobs.SEED, 9L)), List.of(c), null));
    assertTrue(other.getMessage().contains("cannot continue"), other.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> TrialRunner.runGroup(List.of(trial.with(Knobs.ITERATIONS, 9)), List.of(c), null));
    byte[] bytes = c.encode();
    IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
        () -> Checkpoint.decode(Arrays.copyOf(bytes, bytes.length - 7)));
    assertTrue(truncated.getMessage().contains("checkpoint"), truncated.getMessage());
  }

  @Test
  void aTrialWhoseResultWasLostAfterItsCheckpointIsEvaluatedAgainNotTrained() {
    TrialSpec trial = everything().with(Knobs.ITERATIONS, 30);
    List<Checkpoint> saved = new ArrayList<>();
    TrialResult trained = TrialRunner.runGroup(List.of(trial), List.of(), (member, c) -> saved.add(c)).get(0);
    List<Checkpoint> more = new ArrayList<>();
    TrialResult again = TrialRunner.runGroup(List.of(trial), List.of(saved.get(0)), (member, c) -> more.add(c))
        .get(0);
    assertSameTraining(trained, again, 0);
    assertTrue(more.isEmpty(), "nothing trained, nothing saved again");
  }

  /** The continued trial's losses are the straight one's from {@code from} on; everything after training is equal. */
  private static void assertSameTraining(TrialResult straight, TrialResult continued, int from) {
    assertEquals(TrialStatus.OK, straight.status(), straight.message());
    assertEquals(TrialStatus.OK, continued.status(), continued.message());
    assertEquals(straight.iterationsDone(), continued.iterationsDone());
    List<LossPoint> tail = straight.losses().stream().filter(p -> p.iteration() >= from).toList();
    assertEquals(tail, continued.losses(), "every loss after the checkpoint");
    assertEquals(straight.health(), continued.health(), "spikes and largest gradient norm go on from the checkpoint");
    assertEquals(straight.truth(), continued.truth());
    assertEquals(straight.evaluations().size(), continued.evaluations().size());
    for (int e = 0; e < straight.evaluations().size(); e++) {
      StepEvaluation a = straight.evaluations().get(e);
      StepEvaluation b = continued.evaluations().get(e);
      assertEquals(a.quality(), b.quality(), a.steps() + " steps");
      assertArrayEquals(a.kept().xy(), b.kept().xy(), "samples at " + a.steps() + " steps");
    }
  }

  private static void assertCloseTraining(TrialResult straight, TrialResult continued) {
    assertEquals(TrialStatus.OK, continued.status(), continued.message());
    assertEquals(straight.finalLoss(), continued.finalLoss(), 1e-8 * Math.abs(straight.finalLoss()));
    for (int e = 0; e < straight.evaluations().size(); e++) {
      MetricValues expected = straight.evaluations().get(e).quality();
      MetricValues actual = continued.evaluations().get(e).quality();
      expected.values().forEach((metric, value) -> {
        if (!value.isNaN()) {
          assertEquals(value, actual.get(metric), 1e-8 * Math.max(1e-3, Math.abs(value)), metric.toString());
        }
      });
    }
  }
}
