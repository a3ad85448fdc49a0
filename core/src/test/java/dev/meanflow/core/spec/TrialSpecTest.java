package dev.meanflow.core.spec;

import static dev.meanflow.core.spec.Knobs.ADAPTIVE_C;
import static dev.meanflow.core.spec.Knobs.CONDITIONING;
import static dev.meanflow.core.spec.Knobs.DEVICE;
import static dev.meanflow.core.spec.Knobs.EVAL_SAMPLES;
import static dev.meanflow.core.spec.Knobs.EVAL_STEPS;
import static dev.meanflow.core.spec.Knobs.FLOW;
import static dev.meanflow.core.spec.Knobs.GRID_SIZE;
import static dev.meanflow.core.spec.Knobs.ITERATIONS;
import static dev.meanflow.core.spec.Knobs.JVP;
import static dev.meanflow.core.spec.Knobs.KEPT_SAMPLES;
import static dev.meanflow.core.spec.Knobs.LOGIT_MU;
import static dev.meanflow.core.spec.Knobs.LR;
import static dev.meanflow.core.spec.Knobs.ORIENTATION;
import static dev.meanflow.core.spec.Knobs.R_NEQ_T_SHARE;
import static dev.meanflow.core.spec.Knobs.SAMPLER;
import static dev.meanflow.core.spec.Knobs.SEED;
import static dev.meanflow.core.spec.Knobs.TARGET;
import static dev.meanflow.core.spec.Knobs.THREADS;
import static dev.meanflow.core.spec.Knobs.TIME_SAMPLING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.distribution.Checkerboard;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrialSpecTest {

  @Test
  void writeUpDefaultsAreValid() {
    TrialSpec spec = TrialSpec.builder().build();
    assertEquals(List.of(), spec.problems());
    assertEquals(SamplerKind.WRITEUP, spec.get(SAMPLER));
    assertEquals(SamplerKind.EULER, spec.toBuilder().with(FLOW, Flow.FM).with(SAMPLER, null).build().get(SAMPLER));
  }

  @Test
  void splitMeanFlowNeedsTheFlowMatchingBoundary() {
    TrialSpec unanchored = TrialSpec.builder().with(Knobs.OBJECTIVE, ObjectiveKind.SPLIT).build();
    List<Problem> problems = unanchored.problems();
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).concerns("r-neq-t-share"), problems.toString());
    assertTrue(problems.get(0).message().contains("objective = split"), problems.get(0).message());
    assertEquals(List.of(), TrialSpec.builder().with(Knobs.OBJECTIVE, ObjectiveKind.SPLIT).with(R_NEQ_T_SHARE, 0.5)
        .build().problems());
  }

  @Test
  void eachBadValueIsAProblemValueNamingKeyValueAndRule() {
    TrialSpec spec = TrialSpec.builder().with(ITERATIONS, -5).with(EVAL_STEPS, List.of(0, 4))
        .with(R_NEQ_T_SHARE, 1.5).with(LR, 0.0).build();
    List<Problem> problems = spec.problems();
    assertTrue(problems.contains(Problem.invalid("iterations", "-5", "must be in [1, 10000000]")), problems.toString());
    assertTrue(problems.contains(Problem.invalid("eval-steps", "[0, 4]", "every step count must be in [1, 100000]")),
        problems.toString());
    assertTrue(problems.contains(Problem.invalid("r-neq-t-share", "1.5", "must be in [0, 1]")), problems.toString());
    assertEquals("'0.0' in lr is invalid: must be in (0, 1e6]",
        problems.stream().filter(p -> p.key().equals("lr")).findFirst().orElseThrow().message());
    assertEquals(4, problems.size(), problems.toString());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, spec::validated);
    assertTrue(e.getMessage().contains("iterations"));
  }

  @Test
  void anEmptyListIsItsOwnKindOfProblem() {
    Problem p = TrialSpec.builder().with(EVAL_STEPS, List.of()).build().problems().get(0);
    assertEquals(Problem.Kind.EMPTY, p.kind());
    assertEquals("grid.eval-steps is empty (line 3): give at least one step count in [1, 100000]",
        p.under("grid.").at(3).message());
  }

  @Test
  void enumsParseByKeyOrConstantNameAndListTheAcceptedOnes() {
    KnobType.OneOf<TimeSampling> type = KnobType.oneOf(TimeSampling.class);
    assertEquals(TimeSampling.LOGIT_NORMAL, type.parse("logit-normal"));
    assertEquals(TimeSampling.LOGIT_NORMAL, type.parse("LOGIT_NORMAL"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KnobType.oneOf(Flow.class).parse("gan"));
    assertEquals("must be one of [fm, mf]", e.getMessage());
  }

  @Test
  void wholeNumbersAreCheckedForFractionAndRange() {
    assertEquals(1000, KnobType.integer().parse(1e3));
    assertEquals(12, KnobType.integer().parse("12"));
    assertEquals("must be an integer", assertThrows(IllegalArgumentException.class,
        () -> KnobType.integer().parse(12.5)).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> KnobType.integer().parse(1e12)).getMessage()
        .startsWith("must be an integer in [-2147483648, 2147483647]"));
    assertEquals(List.of(1, 2, 4), KnobType.integerList().parse("1,2,4"));
    assertEquals(List.of(1, 2, 4), KnobType.integerList().parse(List.of(1, 2, 4)));
  }

  @Test
  void impossibleCombinationsAreRejectedOnTheKnobThatBreaksThem() {
    TrialSpec fmSigned = TrialSpec.builder().with(FLOW, Flow.FM).with(ORIENTATION, Orientation.SIGNED).build();
    assertEquals("orientation", fmSigned.problems().get(0).key());
    TrialSpec mfEuler = TrialSpec.builder().with(FLOW, Flow.MF).with(SAMPLER, SamplerKind.EULER).build();
    assertEquals("sampler", mfEuler.problems().get(0).key());
    assertEquals("device", TrialSpec.builder().with(DEVICE, "tpu").build().problems().get(0).key());
    TrialSpec keepsTooMany = TrialSpec.builder().with(EVAL_SAMPLES, 100).with(KEPT_SAMPLES, 500).build();
    assertEquals(Problem.invalid("kept-samples", "500", "must be at most eval-samples"),
        keepsTooMany.problems().get(0));
  }

  @Test
  void aDerivedDefaultStaysDerivedAndNegativeZeroIsZero() {
    TrialSpec mf = TrialSpec.builder().build();
    assertEquals(SamplerKind.EULER, mf.with(FLOW, Flow.FM).get(SAMPLER), "the sampler follows the flow");
    assertEquals(List.of(), mf.with(FLOW, Flow.FM).problems());
    assertEquals(SamplerKind.CONSISTENT, mf.with(SAMPLER, SamplerKind.CONSISTENT).with(LR, 0.01).get(SAMPLER));
    TrialSpec negativeZero = mf.with(Knobs.ADAPTIVE_P, KnobType.number().parse("-0.0"));
    assertEquals(mf.id(), negativeZero.id());
  }

  @Test
  void idIgnoresWhereTheTrialRuns() {
    TrialSpec a = TrialSpec.builder().build();
    assertEquals(a.id(), TrialSpec.builder().with(DEVICE, "gpu:1").with(THREADS, 4).build().id());
    assertNotEquals(a.id(), TrialSpec.builder().with(SEED, 1L).build().id());
    assertEquals(16, a.id().length());
  }

  @Test
  void normalizationResetsEveryKnobThatDoesNotApply() {
    TrialSpec fm1 = TrialSpec.builder().with(FLOW, Flow.FM).with(R_NEQ_T_SHARE, 0.25)
        .with(JVP, JvpMode.FINITE_DIFFERENCE).build();
    TrialSpec fm2 = TrialSpec.builder().with(FLOW, Flow.FM).with(CONDITIONING, Conditioning.T_DELTA).build();
    assertEquals(fm1.normalized().id(), fm2.normalized().id());
    TrialSpec mf = TrialSpec.builder().with(R_NEQ_T_SHARE, 0.25).build();
    assertEquals(mf, mf.normalized());
    // knobs that do not apply: logit parameters of uniform times, adaptive-c at p = 0, grid-size off the board
    assertEquals(mf.normalized().id(), mf.with(LOGIT_MU, 1.0).with(ADAPTIVE_C, 0.5).normalized().id());
    TrialSpec moons = mf.with(TARGET, TargetKind.TWO_MOONS);
    assertEquals(moons.normalized().id(), moons.with(GRID_SIZE, 8).normalized().id());
    assertNotEquals(mf.normalized().id(),
        mf.with(TIME_SAMPLING, TimeSampling.LOGIT_NORMAL).with(LOGIT_MU, 1.0).normalized().id());
  }

  @Test
  void everyDefaultPassesItsOwnChecksAndEveryKnobIsDocumented() {
    for (Knob<?> knob : Knobs.REGISTRY.knobs()) {
      assertTrue(knob.doc().endsWith("."), knob.key());
      assertTrue(knob.key().matches("[a-z]+(-[a-z]+)*"), knob.key());
    }
    assertEquals(List.of(), TrialSpec.builder().with(FLOW, Flow.FM).build().problems());
  }

  @ParameterizedTest
  @EnumSource(TargetKind.class)
  void aTargetHasCellsExactlyWhenItsFactoryMakesACheckerboard(TargetKind kind) {
    TrialSpec spec = TrialSpec.builder().with(TARGET, kind).build();
    assertEquals(kind.hasCells(), kind.create(spec) instanceof Checkerboard, kind.key());
    assertTrue(kind.metrics().contains(kind.primaryMetric()) && kind.metrics().contains(kind.secondaryMetric()));
    assertEquals(kind.hasCells(), kind.parameters().contains(GRID_SIZE));
    if (kind.hasCells()) {
      assertInstanceOf(Checkerboard.class, kind.create(spec.with(GRID_SIZE, 6)));
      assertEquals(6, ((Checkerboard) kind.create(spec.with(GRID_SIZE, 6))).grid());
    }
  }
}
