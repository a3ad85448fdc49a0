package dev.meanflow.core.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
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

  private static TrialSpec.Builder shortRun(Flow flow, int steps, int iterations) {
    return TrialSpec.builder().flow(flow).sampler(null).direction(Direction.REVERSE).width(64).depth(3).batch(1024)
        .iterations(iterations).lr(3e-3).threads(2).evalSamples(5000).evalSteps(List.of(steps)).keptSamples(0);
  }

  private static double cellTv(TrialSpec spec) {
    TrialResult result = TrialRunner.run(spec);
    assertEquals(TrialStatus.OK, result.status(), result.message());
    return result.evaluations().get(0).quality().cellTv();
  }

  @Test
  void meanFlowReverseLearnsOneStepGeneration() {
    double untrained = cellTv(shortRun(Flow.MF, 1, 0).build());
    double trained = cellTv(shortRun(Flow.MF, 1, 3000).build());
    System.out.printf("MF reverse 1-step cell TV: untrained %.3f, trained %.3f%n", untrained, trained);
    assertTrue(untrained > 0.5, "untrained " + untrained);
    assertTrue(trained < 0.35, "trained " + trained);
  }

  @Test
  void flowMatchingLearnsSixteenStepGeneration() {
    double untrained = cellTv(shortRun(Flow.FM, 16, 0).build());
    double trained = cellTv(shortRun(Flow.FM, 16, 1500).build());
    System.out.printf("FM reverse 16-step cell TV: untrained %.3f, trained %.3f%n", untrained, trained);
    assertTrue(untrained > 0.5, "untrained " + untrained);
    assertTrue(trained < 0.35, "trained " + trained);
  }
}
