package org.attentiontopology.job.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven over the Chrome DevTools Protocol with the JDK's own WebSocket client:
 * no driver binary and no extra dependency. It records what a test must see: console errors,
 * uncaught exceptions and JavaScript dialogs (an alert() would mean injected script ran); dialogs
 * are dismissed so the page never blocks.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final List<String> errors = new ArrayList<>();
  private final List<String> dialogs = new ArrayList<>();

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  /** The browser to use: $CHROMIUM, else Debian's or Google's usual paths. */
  static Optional<Path> find() {
    List<String> candidates = new ArrayList<>();
    String env = System.getenv("CHROMIUM");
    if (env != null && !env.isBlank()) {
      candidates.add(env);
    }
    candidates.addAll(
        List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
    return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  static HeadlessChromium start(Path executable, Path profile) throws Exception {
    Process p =
        new ProcessBuilder(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                // Software WebGL, so Plotly's 3D scene renders without a GPU.
                "--use-angle=swiftshader",
                "--enable-unsafe-swiftshader",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--window-size=1400,1000",
                "--user-data-dir=" + profile,
                "--remote-debugging-port=0",
                "about:blank")
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> browserUrl = new CompletableFuture<>();
    StringBuilder log = new StringBuilder();
    Thread drain =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (log) {
                    log.append(line).append('\n');
                  }
                  Matcher m = DEVTOOLS.matcher(line);
                  if (m.find()) {
                    browserUrl.complete(m.group(1));
                  }
                }
              } catch (IOException ignored) {
                // The process ended; whoever waits on the URL times out with the log.
              }
              browserUrl.complete(null);
            },
            "chromium-output");
    drain.setDaemon(true);
    drain.start();
    String url;
    try {
      url = browserUrl.get(60, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      url = null;
    }
    if (url == null) {
      p.destroyForcibly();
      synchronized (log) {
        throw new IllegalStateException(
            "chromium did not open its DevTools port; its output:\n" + log);
      }
    }
    URI browser = URI.create(url);
    HttpClient http = HttpClient.newHttpClient();
    // The page target that about:blank opened.
    JsonNode targets =
        JSON.readTree(
            http.send(
                    HttpRequest.newBuilder(
                            URI.create(
                                "http://"
                                    + browser.getHost()
                                    + ":"
                                    + browser.getPort()
                                    + "/json/list"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
    String pageUrl = null;
    for (JsonNode t : targets) {
      if ("page".equals(t.path("type").asText())) {
        pageUrl = t.path("webSocketDebuggerUrl").asText();
        break;
      }
    }
    if (pageUrl == null) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium has no page target: " + targets);
    }
    HeadlessChromium[] self = new HeadlessChromium[1];
    WebSocket ws =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(pageUrl),
                new WebSocket.Listener() {
                  private final StringBuilder partial = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      String message = partial.toString();
                      partial.setLength(0);
                      self[0].receive(message);
                    }
                    webSocket.request(1);
                    return null;
                  }
                })
            .get(30, TimeUnit.SECONDS);
    self[0] = new HeadlessChromium(p, ws);
    self[0].call("Runtime.enable", Map.of());
    self[0].call("Page.enable", Map.of());
    self[0].call("Log.enable", Map.of());
    return self[0];
  }

  private void receive(String message) {
    JsonNode m;
    try {
      m = JSON.readTree(message);
    } catch (IOException e) {
      return;
    }
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = replies.remove(m.get("id").asInt());
      if (f != null) {
        f.complete(m);
      }
      return;
    }
    String method = m.path("method").asText();
    JsonNode params = m.path("params");
    switch (method) {
      case "Runtime.consoleAPICalled" -> {
        String type = params.path("type").asText();
        if (type.equals("error") || type.equals("assert")) {
          record(errors, "console." + type + ": " + params.path("args"));
        }
      }
      case "Runtime.exceptionThrown" ->
          record(errors, "uncaught: " + params.path("exceptionDetails"));
      case "Log.entryAdded" -> {
        if (params.path("entry").path("level").asText().equals("error")) {
          record(
              errors,
              "log: "
                  + params.path("entry").path("text").asText()
                  + " "
                  + params.path("entry").path("url").asText());
        }
      }
      case "Page.javascriptDialogOpening" -> {
        record(dialogs, params.path("type").asText() + ": " + params.path("message").asText());
        ObjectNode dismiss =
            JSON.createObjectNode()
                .put("id", ids.incrementAndGet())
                .put("method", "Page.handleJavaScriptDialog");
        dismiss.putObject("params").put("accept", false);
        socket.sendText(dismiss.toString(), true);
      }
      default -> {
        // Other events are of no interest to the tests.
      }
    }
  }

  private static void record(List<String> list, String s) {
    synchronized (list) {
      list.add(s);
    }
  }

  /** Sends one command and waits for its reply; a protocol error is an exception. */
  JsonNode call(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", JSON.valueToTree(params));
    socket.sendText(msg.toString(), true).get(30, TimeUnit.SECONDS);
    JsonNode r = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (r.has("error")) {
      throw new IllegalStateException(method + " failed: " + r.get("error"));
    }
    return r.path("result");
  }

  void open(Path file) throws Exception {
    call("Page.navigate", Map.of("url", file.toUri().toString()));
  }

  /** Evaluates an expression in the page (promises awaited) and returns its JSON value. */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode r =
        call(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (r.has("exceptionDetails")) {
      throw new IllegalStateException(
          "page threw evaluating " + expression + ": " + r.get("exceptionDetails"));
    }
    return r.path("result").path("value");
  }

  /** Polls until the expression is true, or fails naming it and the page's errors. */
  void waitFor(String expression, Duration timeout) throws Exception {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      if (evaluate("Boolean(" + expression + ")").asBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "timed out after " + timeout + " waiting for " + expression + "; errors: " + errors());
  }

  /**
   * A real mouse click at viewport coordinates: move (so Plotly computes its hover), press,
   * release.
   */
  void click(double x, double y) throws Exception {
    call("Input.dispatchMouseEvent", Map.of("type", "mouseMoved", "x", x, "y", y));
    Thread.sleep(150);
    call(
        "Input.dispatchMouseEvent",
        Map.of("type", "mousePressed", "x", x, "y", y, "button", "left", "clickCount", 1));
    call(
        "Input.dispatchMouseEvent",
        Map.of("type", "mouseReleased", "x", x, "y", y, "button", "left", "clickCount", 1));
  }

  /**
   * Scrolls the element a JavaScript expression names into the middle of the view and clicks its
   * centre.
   */
  void clickElement(String expression) throws Exception {
    JsonNode at =
        evaluate(
            "(() => { const e = "
                + expression
                + "; e.scrollIntoView({block: 'center'}); "
                + "const b = e.getBoundingClientRect(); return [b.left + b.width / 2, b.top + b.height / 2]; })()");
    Thread.sleep(200);
    click(at.get(0).asDouble(), at.get(1).asDouble());
  }

  /**
   * A PNG of a page region in CSS pixels (document coordinates), beyond the viewport if need be.
   */
  void screenshot(Path file, double x, double y, double width, double height) throws Exception {
    JsonNode r =
        call(
            "Page.captureScreenshot",
            Map.of(
                "format",
                "png",
                "captureBeyondViewport",
                true,
                "clip",
                Map.of("x", x, "y", y, "width", width, "height", height, "scale", 1)));
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
  }

  /** A PNG of one element, found by CSS selector. */
  void screenshotOf(String selector, Path file) throws Exception {
    JsonNode box =
        evaluate(
            "(() => { const r = document.querySelector("
                + JSON.writeValueAsString(selector)
                + ").getBoundingClientRect(); return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height];"
                + " })()");
    screenshot(
        file,
        box.get(0).asDouble(),
        box.get(1).asDouble(),
        Math.max(1, box.get(2).asDouble()),
        Math.max(1, box.get(3).asDouble()));
  }

  List<String> errors() {
    synchronized (errors) {
      return List.copyOf(errors);
    }
  }

  List<String> dialogs() {
    synchronized (dialogs) {
      return List.copyOf(dialogs);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // The browser is going away regardless.
    }
    // Chromium's renderer, GPU and crash-handler processes can outlive the browser process for a
    // moment and keep
    // writing to the profile, which then fails the deletion of the test's temporary directory (seen
    // in a full test
    // run). So the whole tree is stopped and waited for, not only the process we started.
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle child : tree) {
      child.destroy();
      try {
        child.onExit().get(10, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        child.destroyForcibly();
        child.onExit().get(10, TimeUnit.SECONDS);
      }
    }
  }
}
