package dev.meanflow.jobs.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A standalone cluster (Master + Workers as separate JVMs on 127.0.0.1) started and stopped through
 * deploy/start-cluster.sh and deploy/stop-cluster.sh. {@link #close()} stops it; a shutdown hook stops it too if the
 * test JVM exits early, so no daemon outlives the test.
 */
final class LocalCluster implements AutoCloseable {
  static final Path DEPLOY = Path.of(System.getProperty("meanflow.deploy.dir", "../deploy")).toAbsolutePath();

  private final Path runDir;
  private final String masterUrl;
  private final Thread stopHook;

  private LocalCluster(Path runDir, String masterUrl, Thread stopHook) {
    this.runDir = runDir;
    this.masterUrl = masterUrl;
    this.stopHook = stopHook;
  }

  /** Starts Master + workers; extra arguments go to start-cluster.sh (e.g. -g 2 -s script). */
  static LocalCluster start(Path runDir, int workers, int cores, String... extra) throws Exception {
    Thread hook = new Thread(() -> stop(runDir), "stop-cluster " + runDir);
    Runtime.getRuntime().addShutdownHook(hook);
    List<String> cmd = new ArrayList<>(List.of("bash", DEPLOY.resolve("start-cluster.sh").toString(),
        "-p", "0", "-w", Integer.toString(workers), "-c", Integer.toString(cores), "-m", "2g"));
    cmd.addAll(List.of(extra));
    cmd.add(runDir.toString());
    Path log = runDir.resolveSibling(runDir.getFileName() + "-start.log");
    Files.createDirectories(runDir.getParent());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean done = p.waitFor(180, TimeUnit.SECONDS);
    if (!done || p.exitValue() != 0) {
      p.destroyForcibly();
      stop(runDir);
      Runtime.getRuntime().removeShutdownHook(hook);
      throw new IllegalStateException("start-cluster.sh failed (" + (done ? "exit " + p.exitValue() : "timeout")
          + "):\n" + Files.readString(log));
    }
    String url = Files.readString(runDir.resolve("master.url")).trim();
    return new LocalCluster(runDir, url, hook);
  }

  String masterUrl() {
    return masterUrl;
  }

  Path runDir() {
    return runDir;
  }

  List<Long> workerPids() throws IOException {
    try (Stream<Path> files = Files.list(runDir)) {
      return files.filter(f -> f.getFileName().toString().matches("worker-\\d+\\.pid"))
          .map(LocalCluster::readPid).sorted().collect(Collectors.toList());
    }
  }

  /** Executor JVMs currently alive, executor id -> pid: children of the Workers running the executor backend. */
  Map<String, Long> executorPids() throws IOException {
    Map<String, Long> pids = new HashMap<>();
    for (long worker : workerPids()) {
      ProcessHandle.of(worker).ifPresent(w -> w.children().forEach(child -> {
        String[] args = child.info().arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < args.length; i++) {
          if (args[i].equals("--executor-id")) {
            pids.put(args[i + 1], child.pid());
          }
        }
      }));
    }
    return pids;
  }

  /** The CPUs a process may run on, as Linux lists them ("0", "0-3", "0,2"). */
  static String cpusAllowed(long pid) throws IOException {
    return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
        .filter(line -> line.startsWith("Cpus_allowed_list:"))
        .map(line -> line.substring("Cpus_allowed_list:".length()).trim())
        .findFirst().orElseThrow(() -> new IOException("no Cpus_allowed_list in /proc/" + pid + "/status"));
  }

  /** Every executor's stderr under the Workers' work dirs, concatenated (for log assertions and diagnostics). */
  String executorLogs() throws IOException {
    StringBuilder all = new StringBuilder();
    try (Stream<Path> files = Files.walk(runDir)) {
      for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).sorted()
          .collect(Collectors.toList())) {
        all.append("==> ").append(f).append('\n').append(Files.readString(f));
      }
    }
    return all.toString();
  }

  @Override
  public void close() {
    stop(runDir);
    try {
      Runtime.getRuntime().removeShutdownHook(stopHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run: nothing left to remove
    }
  }

  private static void stop(Path runDir) {
    try {
      Process p = new ProcessBuilder("bash", DEPLOY.resolve("stop-cluster.sh").toString(), runDir.toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long readPid(Path f) {
    try {
      return Long.parseLong(Files.readString(f).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
