package dev.meanflow.jobs.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the cluster tests submit. Until {@code meanflow sweep} lands this is {@link StandInSweep}, shipped in a small
 * jar next to the application jar (which brings DJL and libtorch to the executors).
 */
final class SweepUnderTest {
  static final Path APP_JAR = Path.of(System.getProperty("meanflow.app.jar", "target/meanflow.jar")).toAbsolutePath();
  private static final Path TEST_CLASSES =
      Path.of(System.getProperty("meanflow.test.classes", "target/test-classes")).toAbsolutePath();

  private SweepUnderTest() {}

  /** submit.sh options naming the main class and jars. */
  static List<String> submitOptions() throws IOException {
    if (!Files.isRegularFile(APP_JAR)) {
      throw new IllegalStateException(APP_JAR + " is missing: the cluster tests run after 'package'");
    }
    return List.of("-k", StandInSweep.class.getName(), "-j", standInJar().toString(), "-J", APP_JAR.toString());
  }

  /** The application arguments of a sweep of {@code trials} trials, each doing {@code work} units of libtorch work. */
  static List<String> appArgs(Path output, int trials, int work, String device) {
    return List.of("--output", output.toString(), "--trials", Integer.toString(trials),
        "--work", Integer.toString(work), "--device", device);
  }

  /** The stand-in's classes in a jar of their own, so executors get them only through spark-submit. */
  private static synchronized Path standInJar() throws IOException {
    Path jar = TEST_CLASSES.resolveSibling("stand-in-sweep.jar");
    Path dir = TEST_CLASSES.resolve("dev/meanflow/jobs/cluster");
    List<Path> classes;
    try (Stream<Path> files = Files.list(dir)) {
      classes = files.filter(f -> f.getFileName().toString().startsWith("StandInSweep"))
          .sorted().collect(Collectors.toList());
    }
    try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os)) {
      for (Path c : classes) {
        out.putNextEntry(new JarEntry(TEST_CLASSES.relativize(c).toString().replace('\\', '/')));
        Files.copy(c, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
