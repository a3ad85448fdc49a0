package dev.meanflow.jobs.sweep;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A real sweep in a child JVM (this test JVM's flags and classpath, Spark on one core), to kill mid-run. */
final class SweepProcess {
  private SweepProcess() {}

  static Process start(Path conf, Path root, Path log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // the same JVM flags (Spark's add-opens) and classpath as this test JVM
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> !a.startsWith("-agentlib") && !a.startsWith("-javaagent")).forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.meanflow.jobs.Main",
        "sweep", conf.toString(), "--output", root.toString(), "--master", "local[1]"));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }
}
