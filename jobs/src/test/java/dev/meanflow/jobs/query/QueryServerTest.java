package dev.meanflow.jobs.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.meanflow.jobs.JavaCommand;
import dev.meanflow.jobs.Main;
import dev.meanflow.jobs.TestSpark;
import dev.meanflow.jobs.query.QueryProtocol.Answer;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query server of one output root, on the tables of tiny real sweeps: it answers as the command does in-process,
 * sees what lands after it started, asks for its token, ends when idle or asked, and leaves no card behind; the
 * command falls back when no server answers, and starts one in the background that the next command asks.
 */
class QueryServerTest {
  private static SparkSession spark;
  private static String root;
  @TempDir static Path tmp;
  @TempDir Path cards;

  private CompletableFuture<Boolean> serving;

  @BeforeAll
  static void tinySweep() {
    spark = TestSpark.start();
    root = tmp.resolve("out").toString();
    sweep("tiny-server", "[fm, mf]");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @AfterEach
  void stopServer() throws Exception {
    if (serving != null && !serving.isDone()) {
      new QueryClient(QueryServerFiles.of(cards, root)).stop();
      serving.get(30, TimeUnit.SECONDS);
    }
  }

  private static void sweep(String name, String flows) {
    Path conf = tmp.resolve(name + ".conf");
    try {
      Files.writeString(conf, "sweep { name = " + name + " }\ngrid { flow = " + flows + ", direction = reverse, "
          + "iterations = 20, batch = 64, width = 8, depth = 2, eval-steps = [1], eval-samples = 200, "
          + "kept-samples = 50, loss-points = 5 }\n");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertEquals(0, Main.run(new String[] {"sweep", conf.toString(), "--output", root}, quiet(), quiet()));
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }

  /** {@code meanflow sql QUERY} answered in this process: exit code, out and err. */
  private static Answer inProcess(String query) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"sql", "--server=off", "--output", root, query},
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Answer(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** A server of the root on the test's session, its card in {@code cards}; returns once the card is published. */
  private QueryServerFiles startServer(Path directory, Duration idle) throws Exception {
    QueryServerFiles files = QueryServerFiles.of(directory, root);
    QueryServer server = new QueryServer(spark, root, files, idle);
    CompletableFuture<Boolean> run = CompletableFuture.supplyAsync(() -> {
      try {
        return server.serve();
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });
    if (directory.equals(cards)) {
      serving = run;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (files.read().isEmpty()) {
      assertFalse(run.isDone(), "the server ended before publishing its card");
      assertTrue(System.nanoTime() < deadline, "no card after 60 s");
      Thread.sleep(50);
    }
    return files;
  }

  @Test
  void answersEveryKindOfStatementAsTheCommandDoesInProcess() throws Exception {
    QueryClient client = new QueryClient(startServer(cards, Duration.ofMinutes(5)));
    for (String query : List.of(
        "SELECT flow, count(*) AS evals FROM evals JOIN trials USING (sweep, trial_id) GROUP BY flow ORDER BY flow",
        "SELECT flow FROM trials ORDER BY flow", // cut by the limit below
        "DROP TABLE trials", // refused: the server is read-only too
        "SELECT nope FROM trials", // Spark's error
        "SHOW TABLES")) {
      Answer expected = inProcess(query);
      assertEquals(Optional.of(expected), client.ask(query, 100), query);
    }
    assertEquals("flow\n----\nfm\n(first 1 rows; raise --limit for more)\n",
        client.ask("SELECT flow FROM trials ORDER BY flow", 1).orElseThrow().out());
  }

  @Test
  void answersWithTheTrialsThatLandedAfterItStarted() throws Exception {
    QueryClient client = new QueryClient(startServer(cards, Duration.ofMinutes(5)));
    String query = "SELECT sweep, count(*) AS trials FROM trials GROUP BY sweep ORDER BY sweep";
    assertEquals("sweep        trials\n-----------  ------\ntiny-server  2\n(1 rows)\n",
        client.ask(query, 100).orElseThrow().out());
    sweep("tiny-later", "fm");
    assertEquals(inProcess(query).out(), client.ask(query, 100).orElseThrow().out());
    assertTrue(client.ask(query, 100).orElseThrow().out().contains("tiny-later   1"));
  }

  @Test
  void refusesARequestWithoutItsTokenAndGoesOn() throws Exception {
    QueryServerFiles files = startServer(cards, Duration.ofMinutes(5));
    QueryServerFiles.Card card = files.read().orElseThrow();
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), card.port())) {
      new QueryProtocol.Request("not-the-token", QueryProtocol.Kind.STOP, 0, "")
          .write(new DataOutputStream(socket.getOutputStream()));
      Answer refused = Answer.read(new DataInputStream(new BufferedInputStream(socket.getInputStream())));
      assertEquals(2, refused.code());
      assertTrue(refused.err().contains("refused a request without its token"), refused.err());
    }
    assertEquals(0, new QueryClient(files).ask("SELECT count(*) FROM trials", 10).orElseThrow().code());
  }

  @Test
  void endsWhenIdleOrAskedAndRemovesItsCard() throws Exception {
    Path idleCards = cards.resolve("idle");
    QueryServerFiles idle = startServer(idleCards, Duration.ofSeconds(1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (idle.read().isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertTrue(idle.read().isEmpty(), "the idle server's card is still there");
    assertFalse(new QueryClient(idle).serverRuns());

    QueryServerFiles asked = startServer(cards, Duration.ofMinutes(5));
    assertEquals(0, new QueryClient(asked).stop().orElseThrow().code());
    assertTrue(serving.get(30, TimeUnit.SECONDS), "served and ended");
    assertTrue(asked.read().isEmpty());
    assertTrue(new QueryClient(asked).stop().isEmpty(), "nobody left to stop");
  }

  @Test
  void aSecondServerOfTheRootDoesNotStart() throws Exception {
    QueryServerFiles files = startServer(cards, Duration.ofMinutes(5));
    assertTrue(new QueryClient(files).serverRuns());
    assertFalse(new QueryServer(spark, root, files, Duration.ofMinutes(5)).serve());
    assertEquals(0, new QueryClient(files).ask("SELECT 1", 10).orElseThrow().code(), "the first one still serves");
  }

  @Test
  void aCardNobodyAnswersIsRemovedAndTheClientStepsAside() throws Exception {
    QueryServerFiles files = QueryServerFiles.of(cards, root);
    files.createDirectory();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    files.write(new QueryServerFiles.Card(closedPort, "token", 1 << 22, QueryServerFiles.build(), root));
    assertTrue(new QueryClient(files).ask("SELECT 1", 10).isEmpty());
    assertTrue(files.read().isEmpty(), "the dead server's card was removed");
  }

  /**
   * The real thing, in child JVMs as {@code ./meanflow} runs them: the first one-shot query answers itself and
   * starts a server in the background; the next query is answered by that server, with the same rows.
   */
  @Test
  void aOneShotQueryStartsAServerThatTheNextOneAsks() throws Exception {
    Path temporary = Files.createDirectories(cards.resolve("java-tmp"));
    QueryServerFiles files = QueryServerFiles.of(
        temporary.resolve("meanflow-sql-" + System.getProperty("user.name")), root);
    String query = "SELECT flow, count(*) AS evals FROM evals JOIN trials USING (sweep, trial_id) GROUP BY flow "
        + "ORDER BY flow";
    try {
      Answer first = sqlInChildJvm(temporary, query);
      assertEquals(0, first.code(), first.err());
      assertTrue(first.err().contains("started a query server for " + root), first.err());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (files.read().isEmpty()) {
        assertTrue(System.nanoTime() < deadline, "no server card after 120 s; its log:\n" + log(files));
        Thread.sleep(200);
      }
      Answer second = sqlInChildJvm(temporary, query);
      assertEquals(0, second.code(), second.err());
      assertEquals(first.out(), second.out());
      assertFalse(second.err().contains("started a query server"), second.err());
      assertTrue(log(files).contains("answered in"), "the server answered the second query:\n" + log(files));
    } finally {
      Optional<QueryServerFiles.Card> card = files.read();
      new QueryClient(files).stop();
      card.flatMap(c -> ProcessHandle.of(c.pid())).ifPresent(server -> {
        server.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> {
          server.destroyForcibly();
          return null;
        }).join();
      });
    }
  }

  private static Answer sqlInChildJvm(Path temporary, String query) throws Exception {
    List<String> command = new ArrayList<>(JavaCommand.of(Main.class.getName(),
        List.of("sql", "--output", root, query)));
    command.add(1, "-Djava.io.tmpdir=" + temporary);
    Path out = Files.createTempFile(temporary, "out", ".txt");
    Path err = Files.createTempFile(temporary, "err", ".txt");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), "sql still running after 180 s");
    String errors = Files.readString(err).lines().filter(line -> !line.startsWith("WARNING: Using incubator"))
        .map(line -> line + "\n").reduce("", String::concat);
    return new Answer(process.exitValue(), Files.readString(out), errors);
  }

  private static String log(QueryServerFiles files) throws IOException {
    return Files.exists(files.log()) ? Files.readString(files.log()) : "(no log)";
  }
}
