package dev.meanflow.jobs;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts another JVM like this one: the same java, class path and flags (Spark's module openings,
 * logging, memory), less the ones that belong to this process alone (agents, the recording of a class archive).
 */
public final class JavaCommand {
  private JavaCommand() {}

  /** {@code java <this JVM's flags> -cp <its class path> mainClass args...} */
  public static List<String> of(String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(flag -> !flag.startsWith("-agentlib") && !flag.startsWith("-javaagent")
            && !flag.startsWith("-XX:ArchiveClassesAtExit"))
        .forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    return command;
  }
}
