package dev.meanflow.jobs.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens a page in Debian's headless Chromium and drives it over the DevTools protocol (java.net.http.WebSocket):
 * collects console errors, uncaught exceptions and failed loads, checks images decoded, and takes a full-page
 * screenshot. Waiting on protocol events is sturdier than scraping Chromium's log output.
 */
final class HeadlessChromium implements AutoCloseable {
  /** What the page did: console/log errors (empty when clean), images that did not decode, the screenshot PNG. */
  record PageCheck(List<String> errors, List<String> brokenImages, int imageCount, byte[] screenshot) {}

  static final int WINDOW_WIDTH = 1400;
  static final int WINDOW_HEIGHT = 1000;
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** The chromium binary on PATH (Debian's package installs /usr/bin/chromium), or null. */
  static Path binary() {
    for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
      for (String name : new String[] {"chromium", "chromium-browser"}) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  static HeadlessChromium start(Path binary) throws Exception {
    Path profile = Files.createTempDirectory("report-chromium-");
    Path log = profile.resolve("chromium.log");
    List<String> command = List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--remote-debugging-port=0",
        "--window-size=" + WINDOW_WIDTH + "," + WINDOW_HEIGHT, "--user-data-dir=" + profile, "about:blank");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    // Chromium writes "<port>\n<browser path>" here once DevTools listens
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IOException("chromium did not start its DevTools endpoint; its log:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    List<String> lines = Files.readAllLines(portFile);
    URI uri = URI.create("ws://127.0.0.1:" + lines.get(0).trim() + lines.get(1).trim());
    HeadlessChromium[] self = new HeadlessChromium[1];
    WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(TIMEOUT)
        .buildAsync(uri, new Listener(message -> self[0].dispatch(message)))
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    self[0] = new HeadlessChromium(process, profile, socket);
    return self[0];
  }

  /** Loads the file, waits for the load event, then reports errors, broken images and a full-page screenshot. */
  PageCheck check(Path page) throws Exception {
    String target = send("Target.createTarget", json("url", "about:blank"), null).get("targetId").asText();
    ObjectNode attach = json("targetId", target);
    attach.put("flatten", true);
    String session = send("Target.attachToTarget", attach, null).get("sessionId").asText();
    send("Runtime.enable", json(), session);
    send("Log.enable", json(), session);
    send("Page.enable", json(), session);
    send("Page.navigate", json("url", page.toUri().toString()), session);
    awaitEvent("Page.loadEventFired", session);
    Thread.sleep(300); // late console messages arrive just after the load event
    ObjectNode eval = json("expression", "JSON.stringify({n: document.images.length, broken: Array.from("
        + "document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.getAttribute('src'))})");
    eval.put("returnByValue", true);
    JsonNode images = JSON.readTree(send("Runtime.evaluate", eval, session).get("result").get("value").asText());
    List<String> broken = new ArrayList<>();
    images.get("broken").forEach(n -> broken.add(n.asText()));
    ObjectNode shot = json("format", "png");
    shot.put("captureBeyondViewport", true);
    byte[] png = Base64.getDecoder().decode(send("Page.captureScreenshot", shot, session).get("data").asText());
    return new PageCheck(errors(session), broken, images.get("n").asInt(), png);
  }

  private List<String> errors(String session) {
    List<String> errors = new ArrayList<>();
    for (JsonNode event : events) {
      if (!session.equals(event.path("sessionId").asText())) {
        continue;
      }
      JsonNode params = event.path("params");
      switch (event.path("method").asText()) {
        case "Runtime.exceptionThrown" -> errors.add("exception: " + params.path("exceptionDetails"));
        case "Runtime.consoleAPICalled" -> {
          String type = params.path("type").asText();
          if (type.equals("error") || type.equals("assert")) {
            errors.add("console." + type + ": " + params.path("args"));
          }
        }
        case "Log.entryAdded" -> {
          String level = params.path("entry").path("level").asText();
          if (level.equals("error")) {
            errors.add("log " + level + ": " + params.path("entry").path("text").asText() + " "
                + params.path("entry").path("url").asText());
          }
        }
        default -> { }
      }
    }
    return errors;
  }

  private JsonNode send(String method, ObjectNode params, String session) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = json();
    message.put("id", id);
    message.put("method", method);
    message.set("params", params);
    if (session != null) {
      message.put("sessionId", session);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new IOException(method + " failed: " + answer.get("error"));
    }
    return answer.path("result");
  }

  private void awaitEvent(String method, String session) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (events.stream().noneMatch(e -> method.equals(e.path("method").asText())
        && session.equals(e.path("sessionId").asText()))) {
      if (System.nanoTime() > deadline) {
        throw new IOException("no " + method + " within " + TIMEOUT);
      }
      Thread.sleep(20);
    }
  }

  private void dispatch(String text) {
    try {
      JsonNode message = JSON.readTree(text);
      if (message.has("id")) {
        CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
        if (reply != null) {
          reply.complete(message);
        }
      } else {
        events.add(message);
      }
    } catch (IOException e) {
      throw new IllegalStateException("unreadable DevTools message", e);
    }
  }

  private static ObjectNode json(String... keyValues) {
    ObjectNode node = JSON.createObjectNode();
    for (int i = 0; i + 1 < keyValues.length; i += 2) {
      node.put(keyValues[i], keyValues[i + 1]);
    }
    return node;
  }

  @Override
  public void close() throws Exception {
    try {
      send("Browser.close", json(), null);
    } catch (Exception e) {
      // the browser may drop the socket before answering Browser.close
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Reassembles fragmented text frames (a screenshot arrives in many) into whole messages. */
  private static final class Listener implements WebSocket.Listener {
    private final java.util.function.Consumer<String> sink;
    private final StringBuilder buffer = new StringBuilder();

    Listener(java.util.function.Consumer<String> sink) {
      this.sink = sink;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        String message = buffer.toString();
        buffer.setLength(0);
        sink.accept(message);
      }
      webSocket.request(1);
      return null;
    }
  }
}
