package dev.meanflow.jobs.sweep;

import dev.meanflow.jobs.JavaCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A sweep driver in a child JVM (this JVM's flags and classpath), with its output in a log file. */
final class DriverProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private DriverProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static DriverProcess start(Path log, String mainClass, String... args) throws IOException {
    List<String> command = JavaCommand.of(mainClass, List.of(args));
    return new DriverProcess(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start(),
        log);
  }

  long pid() {
    return process.pid();
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** Waits until {@code condition} holds; false if the process ended or the time ran out first. */
  boolean awaitWhileAlive(BooleanSupplier condition, long seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        return condition.getAsBoolean();
      }
      Thread.sleep(100);
    }
    return true;
  }

  /** Waits for the process to end; its exit code. */
  int await(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("driver still running after " + seconds + " s:\n" + log());
    }
    return process.exitValue();
  }

  void signal(String signal) throws IOException, InterruptedException {
    new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
  }

  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      signal("CONT");
      kill();
    }
  }
}
