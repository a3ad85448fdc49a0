package dev.meanflow.jobs.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meanflow.jobs.cluster.TrialsTable.TrialRow;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sweeps on a real standalone cluster: a Master and 2 Workers (1 core each, pinned to a CPU each) as separate JVMs on
 * 127.0.0.1, started and stopped through the deploy scripts, the sweep submitted through deploy/submit.sh.
 */
class StandaloneClusterIT {
  @TempDir static Path tmp;
  private static LocalCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.start(tmp.resolve("cluster"), 2, 1, "-P");
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void sweepSpreadsOverTwoExecutorProcesses() throws Exception {
    Path out = tmp.resolve("spread");
    // spark.cores.max makes the scheduler wait (minRegisteredResourcesRatio=1) until both executors registered
    List<String> options = options("-m", cluster.masterUrl(), "-c", "spark.cores.max=2");
    try (Submission s = Submission.start(tmp.resolve("spread.log"), options,
        SweepUnderTest.appArgs(out, 4, 300))) {
      Map<String, Long> executors = awaitExecutors(2, s, Duration.ofMinutes(3));
      Set<String> cpus = new TreeSet<>();
      for (long pid : executors.values()) {
        String allowed = LocalCluster.cpusAllowed(pid);
        assertTrue(allowed.matches("\\d+"), "executor " + pid + " may run on CPUs " + allowed + ", not one CPU");
        cpus.add(allowed);
      }
      assertEquals(2, cpus.size(), "the pinned executors " + executors + " share CPUs " + cpus);
      assertEquals(0, s.waitFor(Duration.ofMinutes(4)), s::tail);
    }
    List<TrialRow> rows = TrialsTable.read(out);
    assertEveryTrialOnce(rows, 4);
    Set<String> processes = rows.stream().map(r -> r.executorId() + "@" + r.pid()).collect(Collectors.toSet());
    assertTrue(processes.size() >= 2, "expected trials on at least 2 executor processes, got " + processes);
    assertTrue(rows.stream().noneMatch(r -> r.pid() == ProcessHandle.current().pid()), "a trial ran in the test JVM");
  }

  @Test
  void killedExecutorMidTrialIsRetriedElsewhere() throws Exception {
    Path out = tmp.resolve("kill");
    int uiPort = freePort();
    List<String> options = options("-m", cluster.masterUrl(), "-c", "spark.cores.max=2",
        "-c", "spark.ui.port=" + uiPort);
    long killed;
    try (Submission s = Submission.start(tmp.resolve("kill.log"), options,
        SweepUnderTest.appArgs(out, 4, 2000))) {
      String executor = awaitBusyExecutor(uiPort, s, Duration.ofMinutes(3));
      killed = cluster.executorPids().get(executor);
      Process kill = new ProcessBuilder("kill", "-9", Long.toString(killed)).inheritIO().start();
      assertEquals(0, kill.waitFor(), "kill -9 " + killed);
      assertEquals(0, s.waitFor(Duration.ofMinutes(4)), s::tail);
      assertTrue(s.log().contains("Lost executor " + executor), "the driver never saw executor " + executor + " go");
    }
    List<TrialRow> rows = TrialsTable.read(out);
    assertEveryTrialOnce(rows, 4);
    List<TrialRow> retried = rows.stream().filter(r -> r.taskAttempt() > 0).collect(Collectors.toList());
    assertTrue(!retried.isEmpty(), "no trial was retried after kill -9 of executor pid " + killed + ": " + rows);
    for (TrialRow r : retried) {
      assertNotEquals(killed, r.pid(), "retried trial " + r.trialId() + " claims to have run in the killed JVM");
    }
  }

  @Test
  void clusterDeployModeRunsTheDriverInsideAWorker() throws Exception {
    Path out = tmp.resolve("cluster-mode");
    // the driver takes one Worker's core; the sweep gets the other one
    List<String> options = options("-m", cluster.masterUrl(), "-d", "cluster", "-c", "spark.cores.max=1");
    try (Submission s = Submission.start(tmp.resolve("cluster-mode.log"), options,
        SweepUnderTest.appArgs(out, 2, 200))) {
      assertEquals(0, s.waitFor(Duration.ofMinutes(4)), s::tail);
      assertTrue(s.log().contains("FINISHED"), "the driver did not finish: " + s.tail());
    }
    assertEveryTrialOnce(TrialsTable.read(out), 2);
  }

  static List<String> options(String... options) {
    List<String> all = new ArrayList<>(SweepUnderTest.submitOptions());
    all.addAll(List.of(options));
    return all;
  }

  static void assertEveryTrialOnce(List<TrialRow> rows, int trials) {
    Map<String, Long> counts = rows.stream().collect(Collectors.groupingBy(TrialRow::trialId, Collectors.counting()));
    assertEquals(trials, counts.size(), "distinct trials in " + rows);
    counts.forEach((id, n) -> assertEquals(1L, n, "rows of trial " + id));
    rows.forEach(r -> assertEquals("OK", r.status(), "status of " + r));
  }

  /** Polls the Workers' children until {@code count} executor JVMs are alive; returns them, id -> pid. */
  private static Map<String, Long> awaitExecutors(int count, Submission s, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> executors = cluster.executorPids();
    while (executors.size() < count && System.nanoTime() < deadline && s.isAlive()) {
      Thread.sleep(200);
      executors = cluster.executorPids();
    }
    assertEquals(count, executors.size(), "executors alive: " + executors + "; log tail:\n" + s.tail());
    return executors;
  }

  /** Polls the driver's REST API until an executor runs a task; returns its id. */
  private static String awaitBusyExecutor(int uiPort, Submission s, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    ObjectMapper json = new ObjectMapper();
    Function<String, Optional<JsonNode>> get = path -> {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + uiPort + "/api/v1/applications" + path)).build(),
            HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? Optional.of(json.readTree(r.body())) : Optional.empty();
      } catch (IOException e) {
        return Optional.empty(); // the driver's UI is not up yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    };
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<String> seen = new TreeSet<>();
    while (System.nanoTime() < deadline && s.isAlive()) {
      Optional<JsonNode> apps = get.apply("");
      if (apps.isPresent() && apps.get().size() > 0) {
        Optional<JsonNode> executors = get.apply("/" + apps.get().get(0).get("id").asText() + "/executors");
        for (JsonNode e : executors.map(List::of).orElse(List.of()).stream()
            .flatMap(a -> iterate(a).stream()).collect(Collectors.toList())) {
          String id = e.get("id").asText();
          seen.add(id);
          if (!id.equals("driver") && e.get("activeTasks").asInt() > 0) {
            return id;
          }
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no executor ever ran a task (seen " + seen + "); log tail:\n" + s.tail());
  }

  private static List<JsonNode> iterate(JsonNode array) {
    List<JsonNode> items = new ArrayList<>();
    array.forEach(items::add);
    return items;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
