package dev.meanflow.core.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrialSpecTest {

  @Test
  void writeUpDefaultsAreValid() {
    TrialSpec spec = TrialSpec.builder().build();
    assertEquals(List.of(), spec.problems());
    assertEquals(SamplerKind.WRITEUP, spec.sampler());
    assertEquals(SamplerKind.EULER, spec.toBuilder().flow(Flow.FM).sampler(null).build().sampler());
  }

  @Test
  void eachBadValueIsNamedWithWhatIsAccepted() {
    TrialSpec spec = TrialSpec.builder().iterations(-5).evalSteps(List.of(0, 4)).rNeqTShare(1.5).lr(0).build();
    List<String> problems = spec.problems();
    assertTrue(problems.contains("'-5' in iterations is invalid: must be in [0, 10000000]"), problems.toString());
    assertTrue(problems.contains("'0' in eval-steps is invalid: must be in [1, 100000]"), problems.toString());
    assertTrue(problems.contains("'1.5' in r-neq-t-share is invalid: must be in [0, 1]"), problems.toString());
    assertTrue(problems.stream().anyMatch(p -> p.startsWith("'0.0' in lr is invalid")), problems.toString());
    assertEquals(4, problems.size(), problems.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, spec::validated);
    assertTrue(e.getMessage().contains("iterations"));
  }

  @Test
  void unknownEnumNamesListTheAcceptedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Flow.parse("flow", "gan"));
    assertEquals("'gan' in flow is invalid: must be one of [fm, mf]", e.getMessage());
    assertEquals(TimeSampling.LOGIT_NORMAL, TimeSampling.parse("time-sampling", "logit-normal"));
    assertEquals(Flow.MF, Flow.parse("flow", "MF"));
  }

  @Test
  void impossibleCombinationsAreRejected() {
    TrialSpec fmSigned = TrialSpec.builder().flow(Flow.FM).orientation(Orientation.SIGNED).build();
    assertTrue(fmSigned.problems().get(0).contains("orientation"), fmSigned.problems().toString());
    TrialSpec mfEuler = TrialSpec.builder().flow(Flow.MF).sampler(SamplerKind.EULER).build();
    assertTrue(mfEuler.problems().get(0).contains("sampler"));
    TrialSpec badDevice = TrialSpec.builder().device("tpu").build();
    assertTrue(badDevice.problems().get(0).contains("device"));
  }

  @Test
  void idIsStableAndIgnoresWhereTheTrialRuns() {
    TrialSpec a = TrialSpec.builder().build();
    assertEquals(a.id(), TrialSpec.builder().device("gpu:1").threads(4).build().id());
    assertNotEquals(a.id(), TrialSpec.builder().seed(1).build().id());
    assertEquals(16, a.id().length());
  }

  @Test
  void normalizationMakesFmTrialsIgnoreMeanFlowKnobs() {
    TrialSpec fm1 = TrialSpec.builder().flow(Flow.FM).rNeqTShare(0.25).jvp(JvpMode.FINITE_DIFFERENCE).build();
    TrialSpec fm2 = TrialSpec.builder().flow(Flow.FM).conditioning(Conditioning.T_DELTA).build();
    assertEquals(fm1.normalized().id(), fm2.normalized().id());
    TrialSpec mf = TrialSpec.builder().rNeqTShare(0.25).build();
    assertEquals(mf, mf.normalized());
    // knobs that do not apply: logit parameters of uniform times, adaptive-c at p = 0, grid-size off the board
    assertEquals(mf.normalized().id(), mf.toBuilder().logitMu(1.0).adaptiveC(0.5).build().normalized().id());
    TrialSpec moons = mf.toBuilder().target(TargetKind.TWO_MOONS).build();
    assertEquals(moons.normalized().id(), moons.toBuilder().gridSize(8).build().normalized().id());
    assertNotEquals(mf.normalized().id(),
        mf.toBuilder().timeSampling(TimeSampling.LOGIT_NORMAL).logitMu(1.0).build().normalized().id());
  }
}
