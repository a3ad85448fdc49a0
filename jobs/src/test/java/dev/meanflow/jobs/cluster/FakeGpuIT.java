package dev.meanflow.jobs.cluster;

import static dev.meanflow.jobs.cluster.StandaloneClusterIT.assertEveryTrialOnce;
import static dev.meanflow.jobs.cluster.StandaloneClusterIT.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.cluster.TrialsTable.TrialRow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU scheduling without a GPU: one Worker (2 cores) claims 2 GPUs through deploy/fake-gpu-discovery.sh. Spark
 * assigns each trial a GPU address; the trial records it and, finding no CUDA device, runs on the CPU and logs why.
 */
class FakeGpuIT {
  @TempDir static Path tmp;
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.start(tmp.resolve("cluster"), 1, 2,
        "-g", "2", "-s", LocalCluster.DEPLOY.resolve("fake-gpu-discovery.sh").toString());
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void oneTrialPerGpuRecordsItsAddressAndFallsBackToCpu() throws Exception {
    Path out = tmp.resolve("one-per-gpu");
    List<String> options = options("-m", cluster.masterUrl(), "-c", "spark.cores.max=2",
        "-c", "spark.executor.resource.gpu.amount=2", "-c", "spark.task.resource.gpu.amount=1");
    try (Submission s = Submission.start(tmp.resolve("one-per-gpu.log"), options,
        SweepUnderTest.appArgs(out, 4, 300))) {
      assertEquals(0, s.waitFor(Duration.ofMinutes(4)), s::tail);
    }
    List<TrialRow> rows = TrialsTable.read(out);
    assertEveryTrialOnce(rows, 4);
    Set<String> addresses = rows.stream().map(TrialRow::gpuAddress).collect(Collectors.toSet());
    assertEquals(Set.of("0", "1"), addresses, "GPU addresses recorded by " + rows);
    for (TrialRow r : rows) {
      assertEquals("gpu:" + r.gpuAddress(), r.deviceRequested(), "the trial did not ask for its GPU: " + r);
      assertEquals("cpu", r.device(), "device of " + r);
    }
    String logs = cluster.executorLogs();
    for (String address : addresses) {
      assertTrue(logs.contains("GPU " + address + " requested but libtorch sees 0 CUDA device(s); running on CPU"),
          "no CPU fallback line for GPU " + address + " in the executor logs");
    }
  }

  @Test
  void fractionalGpuAmountLetsTwoTrialsShareOneGpu() throws Exception {
    Path out = tmp.resolve("shared-gpu");
    // one executor holding one GPU, each task half of it: two trials run at once on the same address
    List<String> options = options("-m", cluster.masterUrl(), "-c", "spark.cores.max=2",
        "-c", "spark.executor.resource.gpu.amount=1", "-c", "spark.task.resource.gpu.amount=0.5");
    try (Submission s = Submission.start(tmp.resolve("shared-gpu.log"), options,
        SweepUnderTest.appArgs(out, 2, 1500))) {
      assertEquals(0, s.waitFor(Duration.ofMinutes(4)), s::tail);
    }
    List<TrialRow> rows = TrialsTable.read(out);
    assertEveryTrialOnce(rows, 2);
    assertEquals(1, rows.stream().map(TrialRow::gpuAddress).distinct().count(), "addresses of " + rows);
    assertTrue(rows.get(0).gpuAddress() != null, "no GPU address recorded: " + rows);
    TrialRow a = rows.get(0);
    TrialRow b = rows.get(1);
    assertTrue(a.startedAt().before(b.finishedAt()) && b.startedAt().before(a.finishedAt()),
        "the two trials sharing GPU " + a.gpuAddress() + " did not overlap in time: " + rows);
  }
}
