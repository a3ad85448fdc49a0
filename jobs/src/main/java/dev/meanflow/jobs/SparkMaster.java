package dev.meanflow.jobs;

import dev.meanflow.core.spec.Problem;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a {@code --master} before Spark starts: its form, and for a standalone master whether anything listens at
 * its address, so a typo costs a second and one line instead of a minute of retries and a stack trace.
 */
public final class SparkMaster {
  private SparkMaster() {}

  static final int CONNECT_TIMEOUT_MS = 3000;
  private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|\\d+)(,\\d+)?])?|local-cluster\\[\\d+,\\d+,\\d+]");
  private static final Pattern STANDALONE = Pattern.compile("spark://(.+)");
  private static final Pattern HOST_PORT = Pattern.compile("\\[?([^\\]]+?)]?:(\\d{1,5})");
  private static final String ACCEPTED = "must be local, local[N], local[*], spark://HOST:PORT, yarn or k8s://URL";

  /** Why {@code master} cannot be used, or empty; null (spark-submit's or the default) is always fine. */
  public static Optional<Problem> problem(String master) {
    if (master == null || LOCAL.matcher(master).matches() || master.equals("yarn") || master.startsWith("k8s://")) {
      return Optional.empty();
    }
    Matcher standalone = STANDALONE.matcher(master);
    if (!standalone.matches()) {
      return Optional.of(Problem.invalid("--master", master, ACCEPTED));
    }
    String failure = null;
    for (String address : standalone.group(1).split(",")) {
      Matcher hostPort = HOST_PORT.matcher(address);
      if (!hostPort.matches()) {
        return Optional.of(Problem.invalid("--master", master, ACCEPTED));
      }
      String host = hostPort.group(1);
      int port = Integer.parseInt(hostPort.group(2));
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
        return Optional.empty(); // one reachable master of a high-availability list is enough
      } catch (IOException e) {
        failure = "nothing answers at " + host + ":" + port + " ("
            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
      }
    }
    return Optional.of(Problem.invalid("--master", master, failure));
  }
}
