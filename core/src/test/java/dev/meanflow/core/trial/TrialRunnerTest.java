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
import dev.meanflow.core.spec.Knobs;
import dev.meanflow.core.spec.TrialSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialRunnerTest {

  /** Small enough to run in about a second on 2 cores. */
  static TrialSpec.Builder tiny() {
    return TrialSpec.builder().with(Knobs.ITERATIONS, 40).with(Knobs.BATCH, 256).with(Knobs.WIDTH, 32).with(Knobs.DEPTH, 2).with(Knobs.THREADS, 1).with(Knobs.EVAL_SAMPLES, 400)
        .with(Knobs.EVAL_STEPS, List.of(1, 4)).with(Knobs.LOSS_POINTS, 10).with(Knobs.KEPT_SAMPLES, 50);
  }

  @Test
  void sameSpecAndSeedGiveBitIdenticalResults() {
    TrialSpec spec = tiny().with(Knobs.TIME_SAMPLING, TimeSampling.LOGIT_NORMAL).with(Knobs.ADAPTIVE_P, 1.0).build();
    TrialResult a = TrialRunner.run(spec);
    TrialResult b = TrialRunner.run(spec);
    assertEquals(TrialStatus.OK, a.status(), a.message());
    assertEquals(a.losses(), b.losses());
    assertEquals(a.evaluations().stream().map(StepEvaluation::quality).toList(),
        b.evaluations().stream().map(StepEvaluation::quality).toList());
    assertEquals(a.evaluations().get(0).kept(), b.evaluations().get(0).kept());
    TrialResult other = TrialRunner.run(spec.toBuilder().with(Knobs.SEED, 1L).build());
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
        tiny().with(Knobs.FLOW, Flow.FM).with(Knobs.SAMPLER, null).build(),
        tiny().with(Knobs.SEED, 3L).build(),
        tiny().with(Knobs.ORIENTATION, Orientation.SIGNED).with(Knobs.SAMPLER, SamplerKind.CONSISTENT).with(Knobs.JVP, JvpMode.FINITE_DIFFERENCE).build());
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
    TrialResult r = TrialRunner.run(tiny().with(Knobs.LR, 1e6).with(Knobs.DEPTH, 4).with(Knobs.ITERATIONS, 200).build());
    assertEquals(TrialStatus.DIVERGED, r.status());
    assertTrue(r.message().startsWith("loss became"), r.message());
    assertTrue(r.iterationsDone() < 200);
    assertTrue(r.evaluations().isEmpty());
  }

  @Test
  void invalidSpecIsAFailedResultNotAnException() {
    TrialResult r = TrialRunner.run(tiny().with(Knobs.EVAL_STEPS, List.of(0)).build());
    assertEquals(TrialStatus.FAILED, r.status());
    assertTrue(r.message().contains("eval-steps"), r.message());
  }

  @Test
  void unavailableGpuFallsBackToCpuAndSaysSo() {
    TrialResult r = TrialRunner.run(tiny().with(Knobs.DEVICE, "gpu:7").build());
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
    Points noise = StandardGaussian.INSTANCE.sample(spec.get(Knobs.EVAL_SAMPLES), TrialRandom.of(spec.get(Knobs.SEED)).evalNoise());
    try (NDManager manager = NDManager.newBaseManager();
        TrainedModel model = TrainedModel.load(spec, file, manager)) {
      Points again = model.sample(noise, 4);
      assertEquals(result.evaluations().get(1).kept(), again.head(spec.get(Knobs.KEPT_SAMPLES)));
    }
  }
}
