package dev.meanflow.core.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.metric.Metric;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.ObjectiveKind;
import dev.meanflow.core.spec.TrialSpec;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End to end: a short training must beat the same network untrained by a wide margin on cell total variation.
 * Untrained, the network barely moves the noise (cell TV about 0.55, a Gaussian's); trained, MeanFlow's one jump and
 * flow matching's 16 Euler steps land most mass in the right cells. The bars are fixed numbers.
 */
@Tag("slow")
class LearningTest {

  // one optimizer step stands for the untrained model: a trial trains at least once
  private static TrialSpec.Builder shortRun(Flow flow, int steps, int iterations) {
    return TrialSpec.builder().with(Knobs.FLOW, flow).with(Knobs.SAMPLER, null).with(Knobs.DIRECTION, Direction.REVERSE).with(Knobs.WIDTH, 64).with(Knobs.DEPTH, 3).with(Knobs.BATCH, 1024)
        .with(Knobs.ITERATIONS, iterations).with(Knobs.LR, 3e-3).with(Knobs.THREADS, 2).with(Knobs.EVAL_SAMPLES, 5000).with(Knobs.EVAL_STEPS, List.of(steps)).with(Knobs.KEPT_SAMPLES, 0);
  }

  private static double cellTv(TrialSpec spec) {
    TrialResult result = TrialRunner.run(spec);
    assertEquals(TrialStatus.OK, result.status(), result.message());
    return result.evaluations().get(0).quality().get(Metric.CELL_TV);
  }

  @Test
  void meanFlowReverseLearnsOneStepGeneration() {
    double untrained = cellTv(shortRun(Flow.MF, 1, 1).build());
    double trained = cellTv(shortRun(Flow.MF, 1, 3000).build());
    System.out.printf("MF reverse 1-step cell TV: one step %.3f, trained %.3f%n", untrained, trained);
    assertTrue(untrained > 0.5, "untrained " + untrained);
    assertTrue(trained < 0.35, "trained " + trained);
  }

  @Test
  void meanFlowLearnsWithClippedGradientsAndAveragedWeights() {
    TrialResult result = TrialRunner.run(shortRun(Flow.MF, 1, 3000).with(Knobs.GRAD_CLIP, 1.0)
        .with(Knobs.EMA_DECAY, 0.99).with(Knobs.TRUTH_SAMPLES, 1024).build());
    assertEquals(TrialStatus.OK, result.status(), result.message());
    double trained = result.evaluations().get(0).quality().get(Metric.CELL_TV);
    double floor = result.evaluations().get(0).oracle().get(Metric.CELL_TV);
    System.out.printf("MF reverse 1-step, clip 1 + EMA 0.99: cell TV %.3f (oracle %.3f), ||u - u*||^2 %.3f of %.3f,"
        + " largest gradient norm %.2f%n", trained, floor, result.truth().field(), result.truth().fieldScale(),
        result.health().maxGradNorm());
    assertTrue(trained < 0.35, "trained " + trained);
    assertTrue(floor < 0.03, "the exact map's cell TV at 5000 points: " + floor);
    assertTrue(result.truth().field() < 0.5 * result.truth().fieldScale(), "learned most of u*");
  }

  @Test
  void splitMeanFlowLearnsOneStepGenerationWithoutAJvp() {
    double trained = cellTv(shortRun(Flow.MF, 1, 3000).with(Knobs.OBJECTIVE, ObjectiveKind.SPLIT)
        .with(Knobs.R_NEQ_T_SHARE, 0.5).build());
    System.out.printf("SplitMeanFlow reverse 1-step cell TV: trained %.3f%n", trained);
    assertTrue(trained < 0.45, "trained " + trained + " (untrained about 0.55)");
  }

  @Test
  void improvedMeanFlowLearnsOneStepGenerationWithAWarmUp() {
    double trained = cellTv(shortRun(Flow.MF, 1, 3000).with(Knobs.OBJECTIVE, ObjectiveKind.IMPROVED)
        .with(Knobs.R_NEQ_T_SHARE, 0.5).with(Knobs.FM_WARMUP, 500).with(Knobs.ADAPTIVE_P, 1.0)
        .with(Knobs.ADAPTIVE_C, 0.01).build());
    System.out.printf("improved MeanFlow reverse 1-step cell TV (fm-warmup 500): trained %.3f%n", trained);
    assertTrue(trained < 0.4, "trained " + trained);
  }

  @Test
  void flowMatchingLearnsSixteenStepGeneration() {
    double untrained = cellTv(shortRun(Flow.FM, 16, 1).build());
    double trained = cellTv(shortRun(Flow.FM, 16, 1500).build());
    System.out.printf("FM reverse 16-step cell TV: one step %.3f, trained %.3f%n", untrained, trained);
    assertTrue(untrained > 0.5, "untrained " + untrained);
    assertTrue(trained < 0.35, "trained " + trained);
  }
}
