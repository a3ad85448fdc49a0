package dev.meanflow.jobs.tables;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a trial ran: the executor side of a row's provenance.
 *
 * @param gpuAddress the GPU Spark assigned to the task, null when none
 */
public record ExecutorInfo(String host, String executorId, Long pid, Integer taskAttempt, String gpuAddress,
    String javaVersion, String osArch) {

  /** For a trial whose Spark job failed before the executor could report: nothing is known. */
  public static final ExecutorInfo UNKNOWN = new ExecutorInfo(null, null, null, null, null, null, null);

  /** This JVM, with the Spark identifiers given by the caller. */
  public static ExecutorInfo here(String executorId, int taskAttempt, String gpuAddress) {
    return new ExecutorInfo(hostName(), executorId, ProcessHandle.current().pid(), taskAttempt, gpuAddress,
        System.getProperty("java.version"), System.getProperty("os.arch"));
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }
}
