package fr.audience.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Debian's Chromium, headless, driven over the DevTools protocol with the JDK's own WebSocket
 * client: no driver binary to match with the browser, nothing downloaded at run time, and direct
 * access to what a page logs (console, uncaught exceptions, failed loads), the requests it makes
 * and its pixels.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BINARY =
      Path.of(System.getenv().getOrDefault("AUDIENCE_CHROMIUM", "/usr/bin/chromium"));
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private final List<JsonNode> events = new ArrayList<>();
  private String session;

  /** Starts the browser, or fails with the one line saying how to install it. */
  static HeadlessChromium start() throws IOException, InterruptedException {
    requireInstalled();
    return new HeadlessChromium();
  }

  /** Fails (never skips) with the one line saying how to install the browser. */
  static void requireInstalled() {
    if (!Files.isExecutable(BINARY)) {
      throw new AssertionError(
          "Chromium is not installed at "
              + BINARY
              + ": run bin/setup-browser "
              + "(apt-get install -y --no-install-recommends chromium fonts-dejavu-core), or point AUDIENCE_CHROMIUM at a Chromium binary.");
    }
  }

  private HeadlessChromium() throws IOException, InterruptedException {
    profile = Files.createTempDirectory("audience-chromium-");
    process =
        new ProcessBuilder(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--mute-audio",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "--window-size=1400,1000",
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    String endpoint = endpoint();
    socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .connectTimeout(TIMEOUT)
            .buildAsync(URI.create(endpoint), new Listener())
            .join();
    String target =
        call(null, "Target.createTarget", Map.of("url", "about:blank")).get("targetId").asText();
    session =
        call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true))
            .get("sessionId")
            .asText();
    for (String domain : List.of("Runtime", "Log", "Page", "Network")) {
      send(domain + ".enable", Map.of());
    }
    send(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", 1400, "height", 1000, "deviceScaleFactor", 1, "mobile", false));
  }

  /** Reads the browser's DevTools address from its stderr, then keeps draining stderr. */
  private String endpoint() throws IOException, InterruptedException {
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    CompletableFuture<String> found = new CompletableFuture<>();
    Thread drain =
        new Thread(
            () -> {
              try {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                  Matcher m = LISTENING.matcher(line);
                  if (m.find()) {
                    found.complete(m.group(1));
                  } else if (!found.isDone()) {
                    seen.append(line).append('\n');
                  }
                }
              } catch (IOException e) {
                found.completeExceptionally(e);
              }
              found.completeExceptionally(
                  new IllegalStateException("Chromium exited before listening:\n" + seen));
            },
            "chromium-stderr");
    drain.setDaemon(true);
    drain.start();
    try {
      return found.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("Cannot start Chromium: " + e.getMessage() + "\n" + seen, e);
    }
  }

  /** Opens a page, waits for its load event and for its script to have drawn the charts. */
  void load(URI page) throws InterruptedException {
    synchronized (events) {
      events.clear();
      problems.clear();
    }
    send("Page.navigate", Map.of("url", page.toString()));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (!sawEvent("Page.loadEventFired")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Page " + page + " did not load within " + TIMEOUT);
      }
      Thread.sleep(50);
    }
    // Two animation frames: Chart.js draws on construction, the browser paints on the next frame.
    evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
  }

  /**
   * Console errors and warnings, uncaught exceptions, failed loads, dialogs and non-local requests
   * so far.
   */
  List<String> problems() {
    synchronized (events) {
      return List.copyOf(problems);
    }
  }

  JsonNode evaluate(String expression) {
    JsonNode result =
        send(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new AssertionError(
          "Evaluating " + expression + " failed: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** A screenshot of a rectangle of the document, in CSS pixels. */
  BufferedImage screenshot(double x, double y, double width, double height) throws IOException {
    JsonNode shot =
        send(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", x, "y", y, "width", width, "height", height, "scale", 1)));
    return ImageIO.read(
        new ByteArrayInputStream(Base64.getDecoder().decode(shot.get("data").asText())));
  }

  void screenshotTo(Path file) throws IOException {
    JsonNode size =
        evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
    ImageIO.write(
        screenshot(0, 0, size.get(0).asDouble(), size.get(1).asDouble()), "png", file.toFile());
  }

  private boolean sawEvent(String method) {
    synchronized (events) {
      return events.stream().anyMatch(e -> e.path("method").asText().equals(method));
    }
  }

  private JsonNode send(String method, Map<String, ?> params) {
    return call(session, method, params);
  }

  private JsonNode call(String sessionId, String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    socket.sendText(message.toString(), true).join();
    JsonNode answer = reply.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    if (answer.has("error")) {
      throw new AssertionError(method + " failed: " + answer.get("error"));
    }
    return answer.path("result");
  }

  private void onEvent(JsonNode event) {
    String method = event.path("method").asText();
    JsonNode p = event.path("params");
    String problem =
        switch (method) {
          case "Runtime.consoleAPICalled" ->
              List.of("error", "warning", "assert").contains(p.path("type").asText())
                  ? "console." + p.path("type").asText() + ": " + p.path("args")
                  : null;
          case "Runtime.exceptionThrown" -> "uncaught exception: " + p.path("exceptionDetails");
          case "Log.entryAdded" ->
              List.of("error", "warning").contains(p.path("entry").path("level").asText())
                  ? "log "
                      + p.path("entry").path("level").asText()
                      + ": "
                      + p.path("entry").path("text").asText()
                      + " "
                      + p.path("entry").path("url").asText()
                  : null;
          case "Page.javascriptDialogOpening" -> "dialog opened: " + p.path("message").asText();
          case "Network.requestWillBeSent" -> {
            String url = p.path("request").path("url").asText();
            yield url.startsWith("file:") || url.startsWith("data:") || url.startsWith("about:")
                ? null
                : "request to " + url;
          }
          default -> null;
        };
    if (method.equals("Page.javascriptDialogOpening")) {
      socket.sendText(
          JSON.createObjectNode()
              .put("id", ids.incrementAndGet())
              .put("method", "Page.handleJavaScriptDialog")
              .put("sessionId", session)
              .set("params", JSON.createObjectNode().put("accept", true))
              .toString(),
          true);
    }
    synchronized (events) {
      events.add(event);
      if (problem != null) {
        problems.add(problem);
      }
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(buffer.toString());
          if (message.has("id") && pending.containsKey(message.get("id").asInt())) {
            pending.remove(message.get("id").asInt()).complete(message);
          } else if (message.has("method")) {
            onEvent(message);
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          buffer.setLength(0);
        }
      }
      ws.request(1);
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      socket
          .sendClose(WebSocket.NORMAL_CLOSURE, "")
          .orTimeout(5, TimeUnit.SECONDS)
          .exceptionally(e -> null)
          .join();
    } finally {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try (var walk = Files.walk(profile)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
