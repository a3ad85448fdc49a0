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
    return new RunContext(sweep, runId, commit(build), build.getProperty("project.version"),
        build.getProperty("djl.version"), build.getProperty("libtorch.version"), sparkVersion);
  }

  /** The commit the jar was built from (with "-dirty" when the work tree had changes), or "unknown". */
  static String commit(Properties build) {
    String id = build.getProperty("git.commit", "");
    if (!id.matches("[0-9a-f]{40}")) {
      return "unknown"; // built outside a git work tree: the placeholder stays unfiltered
    }
    return id + ("true".equals(build.getProperty("git.dirty")) ? "-dirty" : "");
  }

  /** Versions and the commit Maven wrote into the jar at build time. */
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
