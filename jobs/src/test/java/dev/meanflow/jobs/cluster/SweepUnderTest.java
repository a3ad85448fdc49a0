package dev.meanflow.jobs.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What the cluster tests submit: the application jar running {@code meanflow sweep} on a tiny flow-matching grid,
 * one trial per seed.
 */
final class SweepUnderTest {
  static final Path APP_JAR = Path.of(System.getProperty("meanflow.app.jar", "target/meanflow.jar")).toAbsolutePath();

  private SweepUnderTest() {}

  /** submit.sh options naming the application jar (main class dev.meanflow.jobs.Main is submit.sh's default). */
  static List<String> submitOptions() {
    if (!Files.isRegularFile(APP_JAR)) {
      throw new IllegalStateException(APP_JAR + " is missing: the cluster tests run after 'package'");
    }
    return List.of("-j", APP_JAR.toString());
  }

  /**
   * The application arguments of a sweep of {@code trials} trials of {@code iterations} iterations each; its sweep
   * file is written next to the output root. Paths are absolute: in cluster deploy mode the driver runs in a
   * Worker's work dir.
   */
  static List<String> appArgs(Path output, int trials, int iterations) throws IOException {
    String seeds = IntStream.range(0, trials).mapToObj(Integer::toString).collect(Collectors.joining(", "));
    Path conf = output.resolveSibling(output.getFileName() + ".conf").toAbsolutePath();
    Files.createDirectories(conf.getParent());
    Files.writeString(conf, String.join("\n",
        "sweep { name = cluster-it }",
        "grid {",
        "  flow = [fm]",
        "  direction = [reverse]",
        "  iterations = [" + iterations + "]",
        "  batch = [256]",
        "  width = [32]",
        "  depth = [2]",
        "  eval-steps = [1]",
        "  eval-samples = [500]",
        "  kept-samples = [50]",
        "  loss-points = [10]",
        "  seed = [" + seeds + "]",
        "}", ""));
    return List.of("sweep", conf.toString(), "--output", output.toAbsolutePath().toString());
  }
}
