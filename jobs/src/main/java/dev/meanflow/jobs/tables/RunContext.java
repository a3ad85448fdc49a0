package dev.meanflow.jobs.tables;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What the driver knows about a sweep run and every row carries: sweep name, run id and the versions of the code.
 * Shipped to executors inside each trial task.
 */
public record RunContext(String sweep, String runId, String gitCommit, String projectVersion, String djlVersion,
    String libtorchVersion, String sparkVersion) implements Serializable {

  /** The context of a new run of {@code sweep} on a driver with Spark {@code sparkVersion}. */
  public static RunContext create(String sweep, String runId, String sparkVersion) {
    Properties build = buildProperties();
    return new RunContext(sweep, runId, GitCommit.current(), build.getProperty("project.version"),
        build.getProperty("djl.version"), build.getProperty("libtorch.version"), sparkVersion);
  }

  /** Versions Maven wrote into the jar at build time. */
  static Properties buildProperties() {
    Properties p = new Properties();
    try (InputStream in = RunContext.class.getResourceAsStream("/dev/meanflow/jobs/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
