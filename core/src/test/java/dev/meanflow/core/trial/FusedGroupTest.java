package dev.meanflow.core.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Orientation;
import dev.meanflow.core.spec.Precision;
import dev.meanflow.core.spec.SamplerKind;
import dev.meanflow.core.spec.TargetKind;
import dev.meanflow.core.spec.TimeSampling;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.ObjectiveKind;
import dev.meanflow.core.spec.TrialSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fused member against its unfused trial: the same loss curve and metrics, for groups that mix every knob a member
 * may have of its own; a diverging member leaves the others untouched.
 */
class FusedGroupTest {

  private static final int ITERATIONS = 200;

  private static TrialSpec.Builder small(Precision precision) {
    return TrialSpec.builder().with(Knobs.ITERATIONS, ITERATIONS).with(Knobs.BATCH, 64).with(Knobs.WIDTH, 16)
        .with(Knobs.DEPTH, 2).with(Knobs.THREADS, 1).with(Knobs.PRECISION, precision)
        .with(Knobs.LOSS_POINTS, ITERATIONS).with(Knobs.EVAL_SAMPLES, 400).with(Knobs.EVAL_STEPS, List.of(1, 2))
        .with(Knobs.KEPT_SAMPLES, 20);
  }

  /**
   * Four MeanFlow members differing in seed, lr, direction, target, the MeanFlow knobs and the stabilisers (one
   * clips and averages its weights, one only averages, the others do neither).
   */
  private static List<TrialSpec> mixedMeanFlow(Precision precision) {
    return List.of(
        small(precision).build(),
        small(precision).with(Knobs.SEED, 7L).with(Knobs.LR, 1e-3).with(Knobs.DIRECTION, Direction.FORWARD)
            .with(Knobs.ORIENTATION, Orientation.SIGNED).with(Knobs.SAMPLER, SamplerKind.CONSISTENT)
            .with(Knobs.GRAD_CLIP, 0.5).with(Knobs.EMA_DECAY, 0.9).build(),
        small(precision).with(Knobs.SEED, 3L).with(Knobs.TARGET, TargetKind.EIGHT_GAUSSIANS)
            .with(Knobs.TIME_SAMPLING, TimeSampling.LOGIT_NORMAL).with(Knobs.R_NEQ_T_SHARE, 0.25).build(),
        small(precision).with(Knobs.SEED, 11L).with(Knobs.ADAPTIVE_P, 1.0).with(Knobs.ADAPTIVE_C, 1e-2)
            .with(Knobs.GRID_SIZE, 2).with(Knobs.EVAL_STEPS, List.of(4)).with(Knobs.EMA_DECAY, 0.5).build());
  }

  @Test
  void float64MembersReproduceTheirUnfusedTrialsToOneInAHundredMillion() {
    assertMembersEqualUnfused(mixedMeanFlow(Precision.FLOAT64), 1e-8, 1e-8);
  }

  @Test
  void float32MembersReproduceTheirUnfusedTrialsWithinFloatNoise() {
    assertMembersEqualUnfused(mixedMeanFlow(Precision.FLOAT32), 1e-3, 0.05);
  }

  @Test
  void splitAndImprovedMeanFlowMembersReproduceTheirUnfusedTrials() {
    for (ObjectiveKind objective : List.of(ObjectiveKind.SPLIT, ObjectiveKind.IMPROVED)) {
      assertMembersEqualUnfused(List.of(
          small(Precision.FLOAT64).with(Knobs.OBJECTIVE, objective).with(Knobs.R_NEQ_T_SHARE, 0.5).build(),
          small(Precision.FLOAT64).with(Knobs.OBJECTIVE, objective).with(Knobs.SEED, 8L)
              .with(Knobs.R_NEQ_T_SHARE, 0.75).with(Knobs.FM_WARMUP, 20).with(Knobs.DIRECTION, Direction.FORWARD)
              .with(Knobs.ORIENTATION, Orientation.SIGNED).with(Knobs.SAMPLER, SamplerKind.CONSISTENT).build()),
          1e-8, 1e-8);
    }
  }

  @Test
  void flowMatchingMembersReproduceTheirUnfusedTrials() {
    List<TrialSpec> fm = List.of(
        small(Precision.FLOAT64).with(Knobs.FLOW, Flow.FM).build(),
        small(Precision.FLOAT64).with(Knobs.FLOW, Flow.FM).with(Knobs.SEED, 5L).with(Knobs.LR, 1e-2)
            .with(Knobs.DIRECTION, Direction.FORWARD).with(Knobs.TARGET, TargetKind.TWO_MOONS).build());
    assertMembersEqualUnfused(fm, 1e-8, 1e-8);
  }

  @Test
  void aDivergingMemberStopsAloneAndTheOthersAreUnchanged() {
    // float32, as float64's range outlasts even the largest learning rate a spec accepts
    List<TrialSpec> members = List.of(
        small(Precision.FLOAT32).with(Knobs.DEPTH, 4).build(),
        small(Precision.FLOAT32).with(Knobs.DEPTH, 4).with(Knobs.SEED, 1L).with(Knobs.LR, 1e6).build(),
        small(Precision.FLOAT32).with(Knobs.DEPTH, 4).with(Knobs.SEED, 2L).with(Knobs.DIRECTION, Direction.FORWARD)
            .build());
    List<TrialResult> fused = TrialRunner.runGroup(members);
    TrialResult alone = TrialRunner.run(members.get(1));
    assertEquals(TrialStatus.DIVERGED, fused.get(1).status(), fused.get(1).message());
    assertEquals(alone.status(), fused.get(1).status());
    assertEquals(alone.message(), fused.get(1).message(), "diverges at the iteration its unfused trial does");
    assertEquals(alone.iterationsDone(), fused.get(1).iterationsDone());
    assertTrue(fused.get(1).iterationsDone() < ITERATIONS);
    assertMembersEqualUnfused(List.of(members.get(0), members.get(2)),
        List.of(fused.get(0), fused.get(2)), 1e-3, 0.05);
  }

  @Test
  void readingLossesEveryFewIterationsAsOnAGpuChangesNoResult() {
    List<TrialSpec> members = List.of(
        small(Precision.FLOAT32).with(Knobs.DEPTH, 4).build(),
        small(Precision.FLOAT32).with(Knobs.DEPTH, 4).with(Knobs.SEED, 1L).with(Knobs.LR, 1e6).build());
    List<TrialResult> everyStep = TrialRunner.run(members, 1, TrainingListener.NONE, null);
    List<TrialResult> everySeventh = TrialRunner.run(members, 7, TrainingListener.NONE, null);
    assertEquals(TrialStatus.DIVERGED, everySeventh.get(1).status());
    for (int k = 0; k < members.size(); k++) {
      assertEquals(everyStep.get(k).status(), everySeventh.get(k).status());
      assertEquals(everyStep.get(k).message(), everySeventh.get(k).message());
      assertEquals(everyStep.get(k).iterationsDone(), everySeventh.get(k).iterationsDone());
      assertEquals(everyStep.get(k).losses(), everySeventh.get(k).losses(), "member " + k);
      assertEquals(everyStep.get(k).evaluations().stream().map(e -> e.quality()).toList(),
          everySeventh.get(k).evaluations().stream().map(e -> e.quality()).toList());
    }
  }

  @Test
  void anInvalidMemberIsItsOwnFailedRow() {
    List<TrialSpec> members = List.of(small(Precision.FLOAT64).build(),
        small(Precision.FLOAT64).with(Knobs.SEED, 4L).with(Knobs.EVAL_STEPS, List.of(0)).build());
    List<TrialResult> fused = TrialRunner.runGroup(members);
    assertEquals(TrialStatus.FAILED, fused.get(1).status());
    assertTrue(fused.get(1).message().contains("eval-steps"), fused.get(1).message());
    assertMembersEqualUnfused(List.of(members.get(0)), List.of(fused.get(0)), 1e-8, 1e-8);
  }

  @Test
  void onlyTrialsSharingEveryShapeKnobFuse() {
    TrialSpec base = small(Precision.FLOAT32).build();
    for (TrialSpec member : mixedMeanFlow(Precision.FLOAT32)) {
      assertEquals(FusionKey.of(base), FusionKey.of(member), member.canonical());
    }
    List<TrialSpec> apart = List.of(base.with(Knobs.WIDTH, 32), base.with(Knobs.DEPTH, 3),
        base.with(Knobs.FLOW, Flow.FM), base.with(Knobs.BATCH, 32), base.with(Knobs.ITERATIONS, 100),
        base.with(Knobs.PRECISION, Precision.FLOAT64), base.with(Knobs.DEVICE, "gpu:0"),
        base.with(Knobs.CONDITIONING, dev.meanflow.core.spec.Conditioning.T_DELTA),
        base.with(Knobs.JVP, dev.meanflow.core.spec.JvpMode.FINITE_DIFFERENCE),
        base.with(Knobs.OBJECTIVE, ObjectiveKind.SPLIT));
    for (TrialSpec other : apart) {
      assertNotEquals(FusionKey.of(base), FusionKey.of(other), other.canonical());
    }
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> TrialRunner.runGroup(List.of(base, base.with(Knobs.WIDTH, 32))));
    assertTrue(refused.getMessage().contains("width"), refused.getMessage());
  }

  private static void assertMembersEqualUnfused(List<TrialSpec> members, double lossTolerance,
      double metricTolerance) {
    assertMembersEqualUnfused(members, TrialRunner.runGroup(members), lossTolerance, metricTolerance);
  }

  private static void assertMembersEqualUnfused(List<TrialSpec> members, List<TrialResult> fused,
      double lossTolerance, double metricTolerance) {
    for (int k = 0; k < members.size(); k++) {
      TrialResult alone = TrialRunner.run(members.get(k));
      TrialResult member = fused.get(k);
      String who = "member " + k + " " + members.get(k).canonical();
      assertEquals(TrialStatus.OK, alone.status(), alone.message());
      assertEquals(alone.status(), member.status(), member.message());
      assertEquals(alone.losses().size(), member.losses().size(), who);
      for (int i = 0; i < alone.losses().size(); i++) {
        double expected = alone.losses().get(i).loss();
        assertEquals(alone.losses().get(i).iteration(), member.losses().get(i).iteration());
        assertEquals(expected, member.losses().get(i).loss(), lossTolerance * Math.abs(expected),
            who + " loss at iteration " + alone.losses().get(i).iteration());
      }
      assertClose(alone.health().maxGradNorm(), member.health().maxGradNorm(), lossTolerance,
          who + " largest gradient norm");
      assertClose(alone.truth().field(), member.truth().field(), metricTolerance, who + " error against u*");
      assertClose(alone.truth().dudtJvp(), member.truth().dudtJvp(), metricTolerance, who + " du/dt error");
      assertEquals(alone.evaluations().size(), member.evaluations().size(), who);
      for (int e = 0; e < alone.evaluations().size(); e++) {
        assertEquals(alone.evaluations().get(e).steps(), member.evaluations().get(e).steps());
        for (Metric metric : Metric.values()) {
          double expected = alone.evaluations().get(e).quality().get(metric);
          double actual = member.evaluations().get(e).quality().get(metric);
          if (Double.isNaN(expected)) {
            assertTrue(Double.isNaN(actual), who + " " + metric);
          } else {
            assertEquals(expected, actual, metricTolerance * Math.max(1e-3, Math.abs(expected)),
                who + " " + metric + " at " + alone.evaluations().get(e).steps() + " steps");
          }
          assertEquals(alone.evaluations().get(e).oracle().get(metric),
              member.evaluations().get(e).oracle().get(metric), 0, who + " oracle " + metric);
        }
      }
    }
  }

  /** Equal within {@code relative}, or both NaN (not measured). */
  private static void assertClose(double expected, double actual, double relative, String what) {
    if (Double.isNaN(expected)) {
      assertTrue(Double.isNaN(actual), what + ": " + actual);
    } else {
      assertEquals(expected, actual, relative * Math.abs(expected), what);
    }
  }
}
