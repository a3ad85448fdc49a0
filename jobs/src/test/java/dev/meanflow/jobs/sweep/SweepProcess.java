package dev.meanflow.jobs.sweep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.TrialLedger;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real sweep in a child JVM (this test JVM's flags and classpath, Spark on one core), killed mid-run. */
final class SweepProcess {
  private SweepProcess() {}

  /**
   * Runs {@code conf} (sweep {@code sweep}) into {@code root} and kills it with SIGKILL once at least
   * {@code landedAtLeast} trials landed; fails if it ended first.
   *
   * @return the trials landed when it died
   */
  static int killAfter(Path dir, String conf, String sweep, Path root, int landedAtLeast) throws Exception {
    Path file = dir.resolve(sweep + ".conf");
    Files.writeString(file, conf);
    Path log = dir.resolve(sweep + ".log");
    Process process = start(file, root, log);
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
      while (landed(root, sweep) < landedAtLeast && process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(process.isAlive(), () -> "the sweep ended before it could be killed: " + read(log));
    } finally {
      process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    return landed(root, sweep);
  }

  private static Process start(Path conf, Path root, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the same JVM flags (Spark's add-opens) and classpath as this test JVM
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.meanflow.jobs.Main",
        "sweep", conf.toString(), "--output", root.toString(), "--master", "local[1]"));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  private static int landed(Path root, String sweep) {
    return TrialLedger.read(DeltaStore.open(root.toString()), sweep).landedTrials();
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
