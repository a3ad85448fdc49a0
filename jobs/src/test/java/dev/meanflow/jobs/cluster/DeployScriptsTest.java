package dev.meanflow.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy scripts reject bad input with exit code 2 and a message naming the option, before starting anything. */
class DeployScriptsTest {
  @TempDir Path tmp;

  record Result(int exit, String output) {}

  private static Result run(Map<String, String> env, String script, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", LocalCluster.DEPLOY.resolve(script).toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), script + " hung");
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void startClusterRejectsBadCountsBeforeStartingAnything() throws Exception {
    Result zero = run(Map.of(), "start-cluster.sh", "-w", "0", tmp.resolve("run").toString());
    assertEquals(2, zero.exit(), zero.output());
    assertTrue(zero.output().contains("'0' in -w is invalid: must be in [1, 99]"), zero.output());
    Result gpus = run(Map.of(), "start-cluster.sh", "-g", "2", tmp.resolve("run").toString());
    assertEquals(2, gpus.exit(), gpus.output());
    assertTrue(gpus.output().contains("in -s is invalid: -g needs an executable discovery script"), gpus.output());
    assertTrue(Files.notExists(tmp.resolve("run")), "a rejected start created its run dir");
  }

  @Test
  void startClusterRefusesToPinMoreCpusThanTheMachineHas() throws Exception {
    Result r = run(Map.of(), "start-cluster.sh", "-P", "-w", "99", "-c", "99", tmp.resolve("run").toString());
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("-P with -w 99 -c 99 is invalid: needs 9801 CPUs, only "
        + Runtime.getRuntime().availableProcessors() + " are available"), r.output());
    assertTrue(Files.notExists(tmp.resolve("run")), "a rejected start created its run dir");
  }

  @Test
  void startClusterWithoutSparkHomeSaysHowToBuildIt() throws Exception {
    Result r = run(Map.of("SPARK_HOME", tmp.resolve("nowhere").toString()), "start-cluster.sh",
        tmp.resolve("run").toString());
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("has no jars/ folder: run 'mvn -B -pl jobs -am package -DskipTests' first"),
        r.output());
  }

  @Test
  void submitRejectsAnUnknownDeployMode() throws Exception {
    Result r = run(Map.of(), "submit.sh", "-d", "remote", "--", "sweep", "quick");
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("'remote' in -d is invalid: must be client or cluster"), r.output());
  }

  @Test
  void stopClusterOnlyAcceptsARunDir() throws Exception {
    Result r = run(Map.of(), "stop-cluster.sh", tmp.resolve("missing").toString());
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("is not a run dir of start-cluster.sh"), r.output());
  }

  @Test
  void discoveryScriptsPrintSparksResourceFormat() throws Exception {
    Result fake = run(Map.of("FAKE_GPU_COUNT", "3"), "fake-gpu-discovery.sh");
    assertEquals(0, fake.exit(), fake.output());
    assertEquals("{\"name\":\"gpu\",\"addresses\":[\"0\",\"1\",\"2\"]}", fake.output().trim());
  }
}
