package dev.meanflow.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.core.spec.Direction;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.Orientation;
import dev.meanflow.core.spec.SamplerKind;
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TimeSampling;
import dev.meanflow.core.spec.TrialSpec;
import dev.meanflow.jobs.sweep.SweepFiles;
import dev.meanflow.core.metric.Metric;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepConfigParserTest {

  private static SweepDefinition ok(String text) {
    SweepConfigParser.Result r = SweepConfigParser.parse(text, "test", "test");
    assertTrue(r.ok(), () -> "unexpected problems: " + r.messages());
    return r.definition();
  }

  private static List<String> problems(String text) {
    SweepConfigParser.Result r = SweepConfigParser.parse(text, "test", "test");
    assertTrue(!r.ok(), "expected problems");
    return r.messages();
  }

  @Test
  void seedConfigIsTheWriteUpExperiment() {
    SweepDefinition seed = ok(SweepFiles.load("seed").text());
    assertEquals("seed", seed.name());
    assertEquals(4, seed.trials().size());
    Set<String> flowsAndDirections = seed.trials().stream()
        .map(t -> t.get(Knobs.FLOW).key() + "/" + t.get(Knobs.DIRECTION).key()).collect(Collectors.toSet());
    assertEquals(Set.of("fm/forward", "fm/reverse", "mf/forward", "mf/reverse"), flowsAndDirections);
    for (TrialSpec t : seed.trials()) {
      assertEquals(List.of(1, 2, 4, 8, 16, 100), t.get(Knobs.EVAL_STEPS));
      assertEquals(5001, t.get(Knobs.ITERATIONS));
      assertEquals(4096, t.get(Knobs.BATCH));
      assertEquals(3e-3, t.get(Knobs.LR));
      assertEquals(128, t.get(Knobs.WIDTH));
      assertEquals(4, t.get(Knobs.DEPTH));
      assertEquals(10_000, t.get(Knobs.EVAL_SAMPLES));
    }
  }

  @Test
  void quickConfigComparesFmAndMfAtOneStep() {
    SweepDefinition quick = ok(SweepFiles.load("quick").text());
    assertEquals(Set.of(Flow.FM, Flow.MF), quick.trials().stream().map((TrialSpec t) -> t.get(Knobs.FLOW)).collect(Collectors.toSet()));
    assertTrue(quick.trials().stream().allMatch(t -> t.get(Knobs.EVAL_STEPS).contains(1)));
    assertEquals(Metric.CELL_TV, quick.summaryMetric());
  }

  @Test
  void ablationSweepsMeanFlowKnobsWithReplicates() {
    SweepDefinition ablation = ok(SweepFiles.load("ablation").text());
    List<TrialSpec> mf = ablation.trials().stream().filter(t -> t.get(Knobs.FLOW) == Flow.MF).toList();
    assertEquals(3, mf.stream().map((TrialSpec t) -> t.get(Knobs.SEED)).distinct().count());
    assertEquals(2, mf.stream().map((TrialSpec t) -> t.get(Knobs.ORIENTATION)).distinct().count());
    assertEquals(2, mf.stream().map((TrialSpec t) -> t.get(Knobs.R_NEQ_T_SHARE)).distinct().count());
    assertEquals(2, mf.stream().map((TrialSpec t) -> t.get(Knobs.ADAPTIVE_P)).distinct().count());
    // the exclude filter removed forward trials that sample with 'consistent' but train ordered intervals only
    assertTrue(mf.stream().noneMatch(t -> t.get(Knobs.DIRECTION) == Direction.FORWARD
        && t.get(Knobs.SAMPLER) == SamplerKind.CONSISTENT && t.get(Knobs.ORIENTATION) == Orientation.ORDERED));
    assertTrue(mf.stream().anyMatch(t -> t.get(Knobs.DIRECTION) == Direction.FORWARD && t.get(Knobs.SAMPLER) == SamplerKind.CONSISTENT));
  }

  @Test
  void referenceInConfIsTheGeneratedOneAndParses() throws IOException {
    Path reference = Path.of("..", "conf", "reference.conf");
    assertEquals(SweepKeys.reference(), Files.readString(reference),
        "conf/reference.conf is stale: regenerate it with `meanflow sweep --describe-keys > conf/reference.conf`");
    SweepDefinition defaults = ok(SweepKeys.reference());
    assertEquals(List.of(TrialSpec.builder().build()), defaults.trials());
  }

  @Test
  void scalarsAreSingleValueAxesAndTheProductIsComplete() {
    SweepDefinition d = ok("grid { flow = mf, lr = [1e-3, 3e-3], width = [16, 32, 64], seed = [1, 2] }");
    assertEquals(12, d.trials().size());
    assertEquals(12, d.trials().stream().map(TrialSpec::id).distinct().count());
  }

  @Test
  void flowMatchingTrialsAreNotRepeatedPerMeanFlowKnob() {
    SweepDefinition d = ok("grid { flow = [fm, mf], orientation = [ordered, signed], r-neq-t-share = [0.25, 1.0],"
        + " sampler = [writeup, consistent] }");
    assertEquals(1, d.trials().stream().filter(t -> t.get(Knobs.FLOW) == Flow.FM).count());
    assertEquals(8, d.trials().stream().filter(t -> t.get(Knobs.FLOW) == Flow.MF).count());
    TrialSpec fm = d.trials().stream().filter(t -> t.get(Knobs.FLOW) == Flow.FM).findFirst().orElseThrow();
    assertEquals(SamplerKind.EULER, fm.get(Knobs.SAMPLER));
  }

  @Test
  void excludeAndIncludeOnlyFilterTrials() {
    SweepDefinition d = ok("grid { flow = [fm, mf], direction = [forward, reverse], seed = [0, 1] }\n"
        + "exclude = [{flow = fm, direction = forward}]\n"
        + "include-only = [{seed = 0}, {flow = mf, seed = [1]}]");
    Set<String> got = d.trials().stream()
        .map(t -> t.get(Knobs.FLOW).key() + "/" + t.get(Knobs.DIRECTION).key() + "/" + t.get(Knobs.SEED)).collect(Collectors.toSet());
    assertEquals(Set.of("fm/reverse/0", "mf/forward/0", "mf/reverse/0", "mf/forward/1", "mf/reverse/1"), got);
  }

  @Test
  void everyProblemIsReportedOncePerLineNamingKeyValueAndRule() {
    List<String> p = problems("""
        sweep { max-parallel = -1, nmae = x, flush-trials = 4 }
        grid {
          flw = [fm]
          width = []
          batch = 12.5
          lr = ["fast", -1]
          direction = sideways
        }
        """);
    assertTrue(p.contains("unknown key 'sweep.nmae' (line 1): did you mean 'sweep.name'?"), p::toString);
    assertTrue(p.contains("unknown key 'grid.flw' (line 3): did you mean 'grid.flow'?"), p::toString);
    assertTrue(p.contains("'-1' in sweep.max-parallel is invalid (line 1): must be in [0, 100000]"), p::toString);
    assertTrue(p.contains("unknown key 'sweep.flush-trials' (line 1): removed: every trial lands on its own as soon "
        + "as it ends"), p::toString);
    assertTrue(p.contains("grid.width is empty (line 4): give at least one value (an integer)"), p::toString);
    assertTrue(p.contains("'12.5' in grid.batch is invalid (line 5): must be an integer"), p::toString);
    assertTrue(p.contains("'fast' in grid.lr is invalid (line 6): must be a number"), p::toString);
    assertTrue(p.contains("'-1.0' in grid.lr is invalid: must be in (0, 1e6]"), p::toString);
    assertTrue(p.contains("'sideways' in grid.direction is invalid (line 7): must be one of [forward, reverse]"),
        p::toString);
    assertEquals(9, p.size(), p::toString);
  }

  @Test
  void impossibleCombinationsAreRejectedOnlyWhenNoTrialCanUseTheValue() {
    assertEquals(List.of("'signed' in grid.orientation is invalid: signed intervals exist only for flow mf"),
        problems("grid { flow = fm, orientation = signed }"));
    assertEquals(List.of("'mf' in grid.flow is invalid: no valid trial can use it ('euler' in grid.sampler is "
        + "invalid: flow mf samples with writeup or consistent)"), problems("grid { flow = [fm, mf], sampler = euler }"));
    // each value is usable by some trial: the impossible pairs are simply not run
    assertEquals(2, ok("grid { flow = [fm, mf], sampler = [euler, consistent] }").trials().size());
  }

  @Test
  void filtersAndSettingsAreChecked() {
    assertEquals(List.of("unknown key 'exclude[0].flw' (line 1): did you mean 'flow'?"),
        problems("exclude = [{flw = fm}]"));
    assertEquals(List.of("no trial is left after exclude/include-only: check the filters"),
        problems("exclude = [{flow = mf}]"));
    assertEquals(List.of("'rmse' in sweep.summary-metric is invalid (line 1): must be one of " + Metric.columns()),
        problems("sweep.summary-metric = rmse"));
    assertEquals(List.of("'x y' in sweep.name is invalid (line 1): must be empty or match "
        + "[A-Za-z0-9][A-Za-z0-9._-]{0,63}"), problems("sweep.name = \"x y\""));
  }

  @Test
  void aFileCanIncludeAnotherAndOverrideItsAxes(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("seed.conf"), SweepFiles.load("seed").text());
    Path replicated = dir.resolve("seed3.conf");
    Files.writeString(replicated, "include required(\"seed.conf\")\nsweep.name = seed3\ngrid.seed = [0, 1, 2]\n");
    SweepConfigParser.Result r = SweepConfigParser.parseFile(replicated, "seed3");
    assertTrue(r.ok(), r.messages()::toString);
    assertEquals("seed3", r.definition().name());
    assertEquals(12, r.definition().trials().size());
    assertTrue(r.definition().trials().stream().allMatch(t -> t.get(Knobs.ITERATIONS) == 5001));

    Path missing = dir.resolve("missing.conf");
    Files.writeString(missing, "include required(\"nope.conf\")\n");
    assertEquals(1, SweepConfigParser.parseFile(missing, "missing").problems().size());
  }

  @Test
  void enumValuesParseByOneRuleAsOnTheCommandLine() {
    SweepDefinition d = ok("grid { time-sampling = [LOGIT_NORMAL, uniform], flow = MF }");
    assertEquals(Set.of(TimeSampling.LOGIT_NORMAL, TimeSampling.UNIFORM),
        d.trials().stream().map(t -> t.get(Knobs.TIME_SAMPLING)).collect(Collectors.toSet()));
  }

  @Test
  void aNullValueIsAProblemNotTheDefault() {
    assertEquals(List.of("'null' in grid.iterations is invalid (line 1): must be an integer"),
        problems("grid { iterations = null }"));
    assertEquals(List.of("unknown key 'grid.widht' (line 1): did you mean 'grid.width'?"),
        problems("grid { widht = null }"));
    assertEquals(List.of("'null' in exclude is invalid (line 1): must be a list of objects like "
        + "[{flow = fm, direction = forward}]"), problems("exclude = null"));
    assertEquals(List.of("'null' in grid is invalid (line 1): must be an object like grid { ... }"),
        problems("grid = null"));
  }

  @Test
  void aSingleStepCountIsAListOfOne() {
    assertEquals(List.of(4), ok("grid { eval-steps = 4 }").trials().get(0).get(Knobs.EVAL_STEPS));
  }

  @Test
  void syntaxErrorsAreOneProblem() {
    List<String> p = problems("grid { flow = [fm, ");
    assertEquals(1, p.size());
    assertTrue(p.get(0).startsWith("test: 1:"), p::toString);
  }
}
