package dev.meanflow.jobs.query;

import dev.meanflow.core.spec.Problem;
import dev.meanflow.jobs.OutputRoot;
import dev.meanflow.jobs.store.DeltaStore;
import dev.meanflow.jobs.store.ResultTables;
import dev.meanflow.jobs.tables.Schemas;
import dev.meanflow.jobs.query.QueryProtocol.Answer;
import dev.meanflow.jobs.query.QueryProtocol.Request;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one-shot {@code meanflow sql} queries on one output root from a Spark session kept warm: Spark's start,
 * the tables' snapshots and the first query's planning are paid once, not per command. It listens on the loopback
 * interface only, answers only requests that carry its card's token, runs only read-only statements, registers
 * the views again whenever a table has a new version (a trial landed, a compaction), and ends after a quiet spell.
 * One request at a time: the statements of one researcher, not a shared service.
 */
final class QueryServer {
  private static final Logger LOG = LoggerFactory.getLogger(QueryServer.class);
  private static final int REQUEST_SECONDS = 10; // a client that connects and sends nothing does not hold the server

  private final SparkSession spark;
  private final String root;
  private final QueryServerFiles files;
  private final Duration idle;
  private final DeltaStore store;
  private Map<String, Long> registered = Map.of();

  QueryServer(SparkSession spark, String root, QueryServerFiles files, Duration idle) {
    this.spark = spark;
    this.root = root;
    this.files = files;
    this.idle = idle;
    this.store = new DeltaStore(root, spark.sparkContext().hadoopConfiguration());
  }

  /**
   * Serves until a stop request or {@code idle} without one; false at once when another server of this root holds
   * the lock (two commands that both found none started one each).
   */
  boolean serve() throws IOException {
    files.createDirectory();
    try (FileChannel channel = FileChannel.open(files.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = QueryServerFiles.lockIfFree(channel);
      if (lock == null) {
        return false;
      }
      try (lock; ServerSocket socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
        refreshViews();
        warmUp();
        String token = HexFormat.of().formatHex(randomBytes());
        long pid = ProcessHandle.current().pid();
        socket.setSoTimeout(Math.toIntExact(idle.toMillis()));
        files.write(new QueryServerFiles.Card(socket.getLocalPort(), token, pid, QueryServerFiles.build(), root));
        LOG.info("query server of {} on port {}, ends after {} s without a request", root, socket.getLocalPort(),
            idle.toSeconds());
        try {
          while (true) {
            Socket client;
            try {
              client = socket.accept();
            } catch (SocketTimeoutException e) {
              LOG.info("no request for {} s: the query server ends", idle.toSeconds());
              return true;
            }
            try (client) {
              if (!handle(client, token)) {
                return true;
              }
            } catch (IOException | RuntimeException e) {
              LOG.warn("a request failed: {}", e.toString()); // that client's problem; the server goes on
            }
          }
        } finally {
          files.removeCardOf(pid);
        }
      }
    }
  }

  /** Answers one request; false when it asked the server to stop. */
  private boolean handle(Socket client, String token) throws IOException {
    client.setSoTimeout(REQUEST_SECONDS * 1000);
    DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(client.getOutputStream()));
    Request request = Request.read(in);
    client.setSoTimeout(0); // a query takes as long as it takes
    if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
        request.token().getBytes(StandardCharsets.UTF_8))) {
      new Answer(2, "", "meanflow sql: the query server of " + root + " refused a request without its token").write(out);
      return true;
    }
    if (request.kind() == QueryProtocol.Kind.STOP) {
      new Answer(0, "stopped the query server of " + root + "\n", "").write(out);
      return false;
    }
    long start = System.nanoTime();
    Answer answer = answer(request.query(), request.limit());
    answer.write(out);
    LOG.info("answered in {} ms (exit {})", (System.nanoTime() - start) / 1_000_000, answer.code());
    return true;
  }

  /** What {@code meanflow sql QUERY} run in-process would print and return. */
  Answer answer(String query, int limit) {
    Optional<Problem> problem = ReadOnlySql.problem(query).or(() -> new OutputRoot(root).readProblem("--output"));
    if (problem.isPresent()) {
      return new Answer(2, "", problem.get().message() + "\n");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream outText = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errText = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      try {
        long start = System.nanoTime();
        refreshViews();
        LOG.info("views checked in {} ms", (System.nanoTime() - start) / 1_000_000);
        code = new QueryPrinter(spark, limit, outText, errText).printWithFooter(query);
      } catch (RuntimeException e) {
        LOG.warn("query failed", e);
        errText.println("meanflow sql failed: " + e + "; the query server's log is " + files.log());
        code = 1;
      }
    }
    return new Answer(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * Statements of the shapes researchers ask first (a count of each table, a join grouped by a knob), run twice
   * before the card is published: a new JVM plans and compiles its first statements two to three times slower.
   */
  private void warmUp() {
    QueryPrinter quiet = new QueryPrinter(spark, 1, discard(), discard());
    for (int round = 0; round < 2; round++) {
      Schemas.TABLES.forEach(table -> quiet.print("SELECT count(*) FROM " + table));
      quiet.print("SELECT t.flow, count(*), avg(e.steps) FROM evals e JOIN trials t USING (sweep, trial_id) "
          + "GROUP BY t.flow ORDER BY t.flow");
    }
  }

  /** Registers the views again when any table has a version other than the one they list the files of. */
  private void refreshViews() {
    Map<String, Long> versions = store.versions();
    if (!versions.equals(registered)) {
      ResultTables.registerViews(spark, root);
      registered = versions;
      LOG.info("views registered at table versions {}", versions);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return bytes;
  }

  private static PrintStream discard() {
    return new PrintStream(PrintStream.nullOutputStream());
  }
}
