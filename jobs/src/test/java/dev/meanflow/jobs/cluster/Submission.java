package dev.meanflow.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One run of deploy/submit.sh (SparkSubmit from the Maven dependency jars) with its output in a log file.
 * {@link #close()} kills it and every process it started if it is still running.
 */
final class Submission implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final Thread killHook;

  private Submission(Process process, Path log) {
    this.process = process;
    this.log = log;
    // a submission outliving an aborted test JVM would keep executors busy on the cluster
    this.killHook = new Thread(this::kill, "kill-submission");
    Runtime.getRuntime().addShutdownHook(killHook);
  }

  /** Starts deploy/submit.sh OPTIONS -- APP_ARGS. */
  static Submission start(Path log, List<String> options, List<String> appArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("bash", LocalCluster.DEPLOY.resolve("submit.sh").toString()));
    cmd.addAll(options);
    cmd.add("--");
    cmd.addAll(appArgs);
    Files.createDirectories(log.getParent());
    Files.writeString(log, String.join(" ", cmd) + "\n");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    return new Submission(p, log);
  }

  /** Waits for the end and returns the exit code; fails with the log's tail on timeout. */
  int waitFor(Duration timeout) throws Exception {
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      close();
      throw new AssertionError("submission still running after " + timeout + "; log tail:\n" + tail());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /** The last 60 lines of the log, for failure messages. */
  String tail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e + ")";
    }
  }

  @Override
  public void close() {
    kill();
    try {
      Runtime.getRuntime().removeShutdownHook(killHook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or has run
    }
  }

  private void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
