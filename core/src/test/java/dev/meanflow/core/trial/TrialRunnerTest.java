package dev.meanflow.core.trial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.meanflow.core.distribution.Points;
import dev.meanflow.core.distribution.StandardGaussian;
import dev.meanflow.core.spec.Flow;
import dev.meanflow.core.spec.JvpMode;
import dev.meanflow.core.spec.Orientation;
import dev.meanflow.core.spec.SamplerKind;
import dev.meanflow.core.spec.TimeSampling;
import dev.meanflow.core.spec.TrialSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialRunnerTest {

  /** Small enough to run in about a second on 2 cores. */
  static TrialSpec.Builder tiny() {
    return TrialSpec.builder().iterations(40).batch(256).width(32).depth(2).threads(1).evalSamples(400)
        .evalSteps(List.of(1, 4)).lossPoints(10).keptSamples(50);
  }

  @Test
  void sameSpecAndSeedGiveBitIdenticalResults() {
    TrialSpec spec = tiny().timeSampling(TimeSampling.LOGIT_NORMAL).adaptiveP(1.0).build();
    TrialResult a = TrialRunner.run(spec);
    TrialResult b = TrialRunner.run(spec);
    assertEquals(TrialStatus.OK, a.status(), a.message());
    assertEquals(a.losses(), b.losses());
    assertEquals(a.evaluations().stream().map(StepEvaluation::quality).toList(),
        b.evaluations().stream().map(StepEvaluation::quality).toList());
    assertEquals(a.evaluations().get(0).kept(), b.evaluations().get(0).kept());
    TrialResult other = TrialRunner.run(spec.toBuilder().seed(1).build());
    assertNotEquals(a.losses(), other.losses());
  }

  @Test
  void resultHasTheRequestedShape() {
    TrialResult r = TrialRunner.run(tiny().build());
    assertEquals(40, r.iterationsDone());
    assertEquals(10, r.losses().size());
    assertEquals(39, r.losses().get(9).iteration());
    assertEquals(List.of(1, 4), r.evaluations().stream().map(StepEvaluation::steps).toList());
    assertEquals(50, r.evaluations().get(0).kept().size());
    assertEquals("cpu", r.device());
    assertTrue(r.iterationsPerSecond() > 0 && r.trainSeconds() > 0);
  }

  @Test
  void concurrentTrialsMatchSequentialOnes() throws Exception {
    List<TrialSpec> specs = List.of(
        tiny().flow(Flow.FM).sampler(null).build(),
        tiny().seed(3).build(),
        tiny().orientation(Orientation.SIGNED).sampler(SamplerKind.CONSISTENT).jvp(JvpMode.FINITE_DIFFERENCE).build());
    List<TrialResult> sequential = specs.stream().map(TrialRunner::run).toList();
    ExecutorService pool = Executors.newFixedThreadPool(specs.size());
    try {
      List<Future<TrialResult>> futures = specs.stream().map(s -> pool.submit(() -> TrialRunner.run(s))).toList();
      for (int i = 0; i < specs.size(); i++) {
        TrialResult concurrent = futures.get(i).get();
        assertEquals(TrialStatus.OK, concurrent.status(), concurrent.message());
        assertEquals(sequential.get(i).losses(), concurrent.losses());
        assertEquals(sequential.get(i).evaluations().stream().map(StepEvaluation::quality).toList(),
            concurrent.evaluations().stream().map(StepEvaluation::quality).toList());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void absurdLearningRateDivergesWithoutThrowing() {
    TrialResult r = TrialRunner.run(tiny().lr(1e6).depth(4).iterations(200).build());
    assertEquals(TrialStatus.DIVERGED, r.status());
    assertTrue(r.message().startsWith("loss became"), r.message());
    assertTrue(r.iterationsDone() < 200);
    assertTrue(r.evaluations().isEmpty());
  }

  @Test
  void invalidSpecIsAFailedResultNotAnException() {
    TrialResult r = TrialRunner.run(tiny().evalSteps(List.of(0)).build());
    assertEquals(TrialStatus.FAILED, r.status());
    assertTrue(r.message().contains("eval-steps"), r.message());
  }

  @Test
  void unavailableGpuFallsBackToCpuAndSaysSo() {
    TrialResult r = TrialRunner.run(tiny().device("gpu:7").build());
    assertEquals(TrialStatus.OK, r.status());
    assertEquals("cpu", r.device());
    assertTrue(r.message().contains("GPU 7 requested"), r.message());
  }

  @Test
  void savedModelReloadsAndResamplesIdentically(@TempDir Path dir) throws Exception {
    TrialSpec spec = tiny().build();
    Path file = dir.resolve("model.bin");
    TrialResult result = TrialRunner.run(spec, TrainingListener.NONE, file);
    assertEquals(TrialStatus.OK, result.status(), result.message());
    Points noise = StandardGaussian.INSTANCE.sample(spec.evalSamples(), TrialRandom.of(spec.seed()).evalNoise());
    try (TrainedModel model = TrainedModel.load(spec, file, NDManager.newBaseManager())) {
      Points again = model.sample(noise, 4);
      assertEquals(result.evaluations().get(1).kept(), again.head(spec.keptSamples()));
    }
  }
}
