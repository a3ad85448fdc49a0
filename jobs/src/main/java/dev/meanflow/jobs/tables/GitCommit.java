package dev.meanflow.jobs.tables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** The commit of the code that runs: $MEANFLOW_GIT_COMMIT (set by launchers), else {@code git rev-parse HEAD}. */
final class GitCommit {
  private GitCommit() {}

  static String current() {
    String env = System.getenv("MEANFLOW_GIT_COMMIT");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
        return out;
      }
    } catch (IOException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "unknown";
  }
}
