package org.attentiontopology.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: a schema-exact synthetic run directory, `attention-topology report` on it, and the
 * page opened in headless Chromium: every figure drawn without console errors, the slider changing
 * the Rips skeleton and the marks of the threshold, clicks on heads (MDS, heatmap, table, model
 * grid) opening them in the explorer, the head view and the skeleton sharing a selected token or
 * pair, the hostile token shown as text and never run. Screenshots go to
 * job/target/report-screenshots/.
 */
class ReportInBrowserTest {
  static final Path SCREENSHOTS = Path.of("target", "report-screenshots");
  static final List<SyntheticRun.Model> TWO_MODELS =
      List.of(new SyntheticRun.Model("model-a", 3, 4), new SyntheticRun.Model("model-b", 2, 3));

  @TempDir Path tmp;

  static SparkSession spark() {
    return SparkSession.builder()
        .master("local[1]")
        .appName("ReportInBrowserTest")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate();
  }

  /**
   * Builds the run, then runs the command line exactly as a user would (which stops the Spark
   * session).
   */
  static Path report(SyntheticRun run, Path runDir) throws Exception {
    return report(run, runDir, 3);
  }

  static Path report(SyntheticRun run, Path runDir, int examples) throws Exception {
    run.write();
    assertEquals(
        0, Main.execute("report", runDir.toString(), "--examples", String.valueOf(examples)));
    Path html = runDir.resolve("report").resolve("index.html");
    assertTrue(Files.isRegularFile(html), "report written to " + html);
    return html;
  }

  static HeadlessChromium browser(Path tmp) throws Exception {
    Optional<Path> exe = HeadlessChromium.find();
    assumeTrue(
        exe.isPresent(),
        "chromium is not installed (looked at $CHROMIUM, /usr/bin/chromium, "
            + "/usr/bin/chromium-browser, /usr/bin/google-chrome): run scripts/install-test-deps to test the report in "
            + "a browser");
    return HeadlessChromium.start(exe.get(), tmp.resolve("chromium-profile"));
  }

  @Test
  void everyFigureRendersAndTheSkeletonFollowsTheSlider() throws Exception {
    Path runDir = tmp.resolve("run");
    SyntheticRun run = new SyntheticRun(spark(), runDir, TWO_MODELS, true);
    Path html = report(run, runDir);
    String page = Files.readString(html, StandardCharsets.UTF_8);
    // The hostile token never appears raw in the file: the data is gzipped base64 of JSON that
    // escapes < > & as
    // \\u003c etc., so even inflated it cannot close a script element.
    assertFalse(page.contains(SyntheticRun.HOSTILE_TOKEN), "raw <script> token in the HTML");
    String json = GzipBase64.decode(slot(page, "report-data"));
    assertFalse(
        json.contains("<") || json.contains(">") || json.contains("&"),
        "markup characters in the data");
    assertTrue(
        json.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"),
        "escaped token in the data");

    try (HeadlessChromium chrome = browser(tmp)) {
      chrome.open(html);
      chrome.waitFor("window.reportReady === true || window.reportFailure", Duration.ofSeconds(90));
      assertEquals("null", chrome.evaluate("String(window.reportFailure || null)").asText());

      // Two heatmaps, MDS, behaviour map, head diagram, barcode, dendrogram, two model diagrams,
      // the 3D skeleton, the
      // example's diagram, barcode and Betti curves: thirteen figures, each with Plotly's SVG
      // layer.
      assertEquals(
          13, chrome.evaluate("document.querySelectorAll('.js-plotly-plot').length").asInt());
      assertEquals(
          13,
          chrome
              .evaluate(
                  "[...document.querySelectorAll('.js-plotly-plot')]"
                      + ".filter(p => p.querySelector('.main-svg')).length")
              .asInt());
      assertEquals(
          3,
          chrome
              .evaluate(
                  "document.querySelectorAll('#heatmap-layer .hm image, #heatmap-cluster .hm "
                      + "image, #behaviour-map .hm image').length")
              .asInt(),
          "the three heatmaps drew their image");
      assertEquals(
          12,
          chrome
              .evaluate("document.querySelectorAll('#head-mds .scatterlayer .point').length")
              .asInt(),
          "one MDS point per head of model-a (3 layers x 4 heads)");
      assertTrue(
          chrome
              .evaluate("!!document.querySelector('#skeleton-3d .gl-container canvas')")
              .asBoolean(),
          "the 3D scene has its WebGL canvas");
      // Every figure can be saved: PNG by the camera, SVG by the added button; the export itself
      // works.
      assertEquals(
          13,
          chrome
              .evaluate(
                  "document.querySelectorAll('.modebar-btn[data-title=\"Download plot as "
                      + "SVG\"]').length")
              .asInt());
      assertTrue(
          chrome
              .evaluate(
                  "Promise.all([...document.querySelectorAll('.js-plotly-plot')].map(p => "
                      + "Plotly.toImage(p, {format: 'svg', width: 400, height: 300}))).then(urls => urls.every(u => "
                      + "u.startsWith('data:image/svg+xml')))")
              .asBoolean(),
          "every figure exports as SVG");
      assertFalse(
          chrome.evaluate("document.getElementById('model-comparison').hidden").asBoolean());
      assertTrue(
          chrome
              .evaluate("document.getElementById('model-distances').innerText")
              .asText()
              .contains("model-b"),
          "model_distances rows shown");
      // Head distances per token: the colour scale is the table's distance / n_tokens, whatever the
      // corpus size.
      double perToken =
          chrome.evaluate("document.getElementById('heatmap-layer').data[0].z[1][0]").asDouble();
      assertEquals(
          PageNumbers.round(run.headDistance("model-a", 1, 0) / run.tokens()), perToken, 1e-12);

      // Head view and model grid: TOP_K lines per token of the first example, one thumbnail per
      // head.
      int n = SyntheticRun.EXAMPLES.get(0).tokens().size();
      assertEquals(
          n * SyntheticRun.TOP_K,
          chrome.evaluate("document.querySelectorAll('#head-view line').length").asInt());
      assertEquals(
          2 * n,
          chrome
              .evaluate("document.querySelectorAll('#head-view text[data-position]').length")
              .asInt());
      assertEquals(
          12, chrome.evaluate("document.querySelectorAll('#model-grid canvas').length").asInt());
      assertEquals(
          "0:0",
          chrome
              .evaluate(
                  "[...document.querySelectorAll('#model-grid canvas.current')].map(c => "
                      + "c.dataset.layer + ':' + c.dataset.head).join()")
              .asText());

      // A head chosen in any view of the heads opens in the explorer: a real click on an MDS point
      // (trace 1 is
      // layer 1, its point 2 head 2), on a heatmap row (row 5 in layer order is L1 H1), on a
      // thumbnail, a table row.
      chrome.clickElement(
          "document.querySelectorAll('#head-mds .scatterlayer .trace')[1].querySelectorAll('.point')"
              + "[2]");
      chrome.waitFor(
          "document.getElementById('layer-select').value === '1' && "
              + "document.getElementById('head-select').value === '2'",
          Duration.ofSeconds(10));
      assertTrue(
          chrome
              .evaluate("document.getElementById('skeleton-3d').layout.title.text")
              .asText()
              .contains("layer 1, head 2"),
          "the skeleton shows the clicked head");
      assertTrue(
          chrome
              .evaluate("document.querySelector('#head-view text').textContent")
              .asText()
              .contains("layer 1, head 2"),
          "the head view shows the clicked head");
      clickHeatmapRow(chrome, "heatmap-layer", 5, 12);
      chrome.waitFor(
          "document.getElementById('layer-select').value === '1' && "
              + "document.getElementById('head-select').value === '1'",
          Duration.ofSeconds(10));
      chrome.clickElement(
          "document.querySelector('#model-grid canvas[data-layer=\"2\"][data-head=\"3\"]')");
      chrome.waitFor(
          "document.getElementById('layer-select').value === '2' && "
              + "document.getElementById('head-select').value === '3'",
          Duration.ofSeconds(10));
      assertEquals(
          "2:3",
          chrome
              .evaluate(
                  "[...document.querySelectorAll('#model-grid canvas.current')].map(c => "
                      + "c.dataset.layer + ':' + c.dataset.head).join()")
              .asText());
      chrome.clickElement("document.querySelector('#head-table tr[data-head=\"4\"]')");
      chrome.waitFor(
          "document.getElementById('layer-select').value === '1' && "
              + "document.getElementById('head-select').value === '0'",
          Duration.ofSeconds(10));
      chrome.evaluate(
          "(() => { for (const [id, v] of [['layer-select', '0'], ['head-select', '0']]) { "
              + "const s = document.getElementById(id); s.value = v; s.dispatchEvent(new Event('change')); } })()");

      // Head behaviour: Clark's statistic of head (2, 3) on the layer x head map, as the table
      // holds it.
      int first = org.attentiontopology.job.stages.HeadStatistics.names().indexOf("first");
      chrome.evaluate(
          "(() => { const s = document.getElementById('stat-select'); s.value = 'first'; "
              + "s.dispatchEvent(new Event('change')); })()");
      assertEquals(
          PageNumbers.round(SyntheticRun.headStatistic(2, 3, first)),
          chrome.evaluate("document.getElementById('behaviour-map').data[0].z[2][3]").asDouble(),
          1e-12);
      assertEquals(
          12,
          chrome.evaluate("document.querySelectorAll('#head-table tr[data-head]').length").asInt());
      // diagram_stats averaged per head: every synthetic H1 diagram is one bar of length 0.05
      // (SyntheticRun).
      chrome.evaluate(
          "(() => { const s = document.getElementById('stat-select'); s.value = 'h1:total_persistence'; "
              + "s.dispatchEvent(new Event('change')); })()");
      assertEquals(
          0.05,
          chrome.evaluate("document.getElementById('behaviour-map').data[0].z[1][2]").asDouble(),
          1e-9);
      chrome.evaluate(
          "(() => { const s = document.getElementById('stat-select'); s.value = 'first'; "
              + "s.dispatchEvent(new Event('change')); })()");
      // Heads coloured by that statistic in the MDS: one trace, a colour per head.
      chrome.evaluate(
          "(() => { const s = document.getElementById('colour-select'); s.value = 'stat:first'; "
              + "s.dispatchEvent(new Event('change')); })()");
      assertEquals(
          12,
          chrome
              .evaluate("document.getElementById('head-mds').data[0].marker.color.length")
              .asInt());
      chrome.evaluate(
          "(() => { const s = document.getElementById('colour-select'); s.value = 'cluster'; "
              + "s.dispatchEvent(new Event('change')); })()");
      assertEquals(
          4,
          chrome.evaluate("document.getElementById('head-mds').data.length").asInt(),
          "four single-linkage clusters by default");

      // The slider: all edges at the largest distance, none at 0 (random distances are positive).
      int median =
          chrome.evaluate("Number(document.getElementById('edge-count').textContent)").asInt();
      int atMax = slide(chrome, "max");
      int atZero = slide(chrome, "min");
      assertEquals(n * (n - 1) / 2, atMax);
      assertEquals(0, atZero);
      assertTrue(
          median > 0 && median < atMax, "the first view shows part of the complex: " + median);
      assertEquals(
          atZero, countEdgeSegments(chrome), "the plot draws as many edges as the count says");
      slide(chrome, "max");
      assertEquals(atMax, countEdgeSegments(chrome));
      // Halfway along the slider, epsilon is half the largest distance: the count matches the
      // table's matrix.
      // The page carries distances rounded to PageNumbers.DIGITS significant digits; the oracle
      // rounds the same way.
      double[] d =
          PageNumbers.round(run.tokenDistances.get(SyntheticRun.key("model-a", "ex-cat", 0, 0)));
      double half = java.util.Arrays.stream(d).max().getAsDouble() * 500 / 1000;
      long expected = java.util.Arrays.stream(d).filter(x -> x <= half).count();
      int midpoint =
          chrome
              .evaluate(
                  "(() => { const s = document.getElementById('threshold'); s.value = '500'; "
                      + "s.dispatchEvent(new Event('input')); return Number(document.getElementById('edge-count').textContent);"
                      + " })()")
              .asInt();
      assertEquals(expected, midpoint, "edges at half the largest distance");
      assertNotEquals(atMax, midpoint);
      // Triangles on request: none at 0, every triple at the largest distance, as many as the
      // matrix has at half.
      chrome.evaluate(
          "(() => { const t = document.getElementById('triangles'); t.checked = true; "
              + "t.dispatchEvent(new Event('change')); })()");
      assertEquals(
          String.valueOf(triangles(d, n, half)),
          chrome.evaluate("document.getElementById('triangle-count').textContent").asText());
      slide(chrome, "max");
      assertEquals(
          String.valueOf(n * (n - 1) * (n - 2) / 6),
          chrome.evaluate("document.getElementById('triangle-count').textContent").asText());
      assertEquals(
          n * (n - 1) * (n - 2) / 6,
          chrome
              .evaluate(
                  "document.getElementById('skeleton-3d').data"
                      + ".find(t => t.type === 'mesh3d').i.length")
              .asInt());
      shoot(chrome, "report-triangles.png", "#skeleton-3d");
      chrome.evaluate(
          "(() => { const t = document.getElementById('triangles'); t.checked = false; "
              + "t.dispatchEvent(new Event('change')); const s = document.getElementById('threshold'); "
              + "s.value = '500'; s.dispatchEvent(new Event('input')); })()");
      // The threshold is marked on the barcode, the diagram and the Betti curves.
      for (String id : List.of("example-barcode", "example-diagram", "betti-curve")) {
        assertTrue(
            chrome
                .evaluate(
                    "document.getElementById('"
                        + id
                        + "').layout.shapes.some(s => s.name === "
                        + "'epsilon' && Math.abs(s.x0 - "
                        + half
                        + ") < 1e-9)")
                .asBoolean(),
            "epsilon marked on " + id);
      }

      // Selecting a pair in the head view marks both tokens in the skeleton and names their
      // distance.
      JsonNode pair =
          chrome.evaluate(
              "(() => { const l = [...document.querySelectorAll('#head-view line')]"
                  + ".find(l => l.dataset.from !== l.dataset.to); l.dispatchEvent(new MouseEvent('click')); "
                  + "return [Number(l.dataset.from), Number(l.dataset.to)]; })()");
      int a = Math.max(pair.get(0).asInt(), pair.get(1).asInt());
      int b = Math.min(pair.get(0).asInt(), pair.get(1).asInt());
      String distance = String.format(java.util.Locale.ROOT, "%.4g", d[a * (a - 1) / 2 + b]);
      String said = chrome.evaluate("document.getElementById('selection').textContent").asText();
      assertTrue(
          said.contains("JS distance " + distance), said + " names the distance " + distance);
      assertEquals(
          2,
          chrome
              .evaluate(
                  "document.getElementById('skeleton-3d').data.find(t => t.name === "
                      + "'selected').x.length")
              .asInt(),
          "both tokens marked in the skeleton");
      assertTrue(
          chrome
              .evaluate(
                  "document.getElementById('example-barcode').layout.shapes.some(s => s.name === "
                      + "'selected pair' && Math.abs(s.x0 - "
                      + d[a * (a - 1) / 2 + b]
                      + ") < 1e-9)")
              .asBoolean());
      // A token clicked in the 3D skeleton is selected in the head view (Plotly's click event, as a
      // click on it
      // gives: WebGL picking is not reliable in a headless software renderer).
      chrome.evaluate(
          "(() => { const gd = document.getElementById('skeleton-3d'); const t = gd.data.find(t => "
              + "t.name === 'tokens'); gd.emit('plotly_click', {points: [{data: t, pointNumber: 2, customdata: "
              + "t.customdata[2]}]}); })()");
      assertEquals(
          2,
          chrome
              .evaluate(
                  "Number(document.querySelector('#head-view text.selected').dataset.position)")
              .asInt());
      assertTrue(
          chrome
              .evaluate("document.getElementById('selection').textContent")
              .asText()
              .contains("\"" + SyntheticRun.EXAMPLES.get(0).tokens().get(2) + "\""));
      shoot(chrome, "report-attention.png", "#explorer");

      // The Dimension selector: neighbours, the diagram's focus and the Betti curves follow it.
      chrome.evaluate(
          "(() => { const s = document.getElementById('dim-select'); s.value = '1'; "
              + "s.dispatchEvent(new Event('change')); })()");
      assertTrue(
          chrome
              .evaluate("document.querySelector('#neighbour-table caption').textContent")
              .asText()
              .startsWith("H1"));
      assertEquals(
          3,
          chrome
              .evaluate(
                  "document.getElementById('betti-curve').data.find(t => t.name === 'β1')"
                      + ".line.width")
              .asInt());
      shoot(chrome, "report-full.png", null);

      // Choose the hostile example from the dropdown: its text and tokens are shown, as text.
      chrome.evaluate(
          "(() => { const s = document.getElementById('example-select'); s.value = 'ex-hostile'; "
              + "s.dispatchEvent(new Event('change')); })()");
      chrome.waitFor(
          "document.getElementById('example-text').textContent.includes('Jerry')",
          Duration.ofSeconds(30));
      String text = chrome.evaluate("document.body.innerText").asText();
      assertTrue(
          text.contains("Tom & Jerry " + SyntheticRun.HOSTILE_TOKEN + " ran."),
          "example text as text");
      assertTrue(
          chrome
              .evaluate(
                  "[...document.querySelectorAll('#token-heatmap span')].some(s => s.textContent === "
                      + "'<script>alert(1)</script>')")
              .asBoolean(),
          "the token is a span of text");
      assertEquals(
          0,
          chrome
              .evaluate(
                  "document.querySelectorAll('#token-heatmap script, #example-text script')"
                      .concat(".length"))
              .asInt());
      int hostilePoints = SyntheticRun.EXAMPLES.get(1).tokens().size();
      assertEquals(
          hostilePoints,
          chrome.evaluate("document.querySelectorAll('#token-heatmap span').length").asInt());
      assertTrue(
          chrome
              .evaluate("document.getElementById('neighbour-table').innerText")
              .asText()
              .contains("nearest"),
          "neighbours by bottleneck listed");

      // Another head changes the token distances, hence the skeleton.
      chrome.evaluate(
          "(() => { const s = document.getElementById('head-select'); s.value = '2'; "
              + "s.dispatchEvent(new Event('change')); })()");
      Thread.sleep(500);
      shoot(chrome, "report-hostile-example.png", null);
      shoot(chrome, "report-skeleton-3d.png", "#skeleton-3d");
      shoot(chrome, "report-heads.png", "#heads");
      shoot(chrome, "report-head-topology.png", "#head-topology");
      shoot(chrome, "report-model-comparison.png", "#model-comparison");
      shoot(chrome, "report-token-attention.png", "#token-heatmap");
      shoot(chrome, "report-behaviour.png", "#behaviour");

      assertEquals(List.of(), chrome.dialogs(), "no alert, confirm or prompt opened");
      assertEquals(List.of(), chrome.errors(), "no console errors or uncaught exceptions");
    }
  }

  @Test
  void aRunWithoutTheOptionalTablesSaysSoInsteadOfDrawing() throws Exception {
    Path runDir = tmp.resolve("plain-run");
    Path html =
        report(
            new SyntheticRun(
                spark(), runDir, List.of(new SyntheticRun.Model("model-a", 2, 2)), false),
            runDir);
    try (HeadlessChromium chrome = browser(tmp)) {
      chrome.open(html);
      chrome.waitFor("window.reportReady === true || window.reportFailure", Duration.ofSeconds(90));
      assertTrue(
          chrome.evaluate("document.getElementById('model-comparison').hidden").asBoolean(),
          "one model: no comparison section");
      String missing =
          chrome.evaluate("document.getElementById('skeleton-missing').textContent").asText();
      assertTrue(missing.contains("no token_distances table"), missing);
      assertTrue(
          chrome
              .evaluate("document.getElementById('attention-missing').textContent")
              .asText()
              .contains("no token_attention table"));
      assertEquals(
          "0", chrome.evaluate("document.getElementById('edge-count').textContent").asText());
      assertTrue(
          chrome
              .evaluate("document.getElementById('attention-views-missing').textContent")
              .asText()
              .contains("no top_attended table"));
      assertTrue(
          chrome
              .evaluate("document.getElementById('behaviour-missing').textContent")
              .asText()
              .contains("head_stats_corpus"));
      // Heatmaps, MDS, head diagram, barcode, dendrogram, example diagram, barcode and Betti
      // curves; no 3D scene.
      assertEquals(
          9, chrome.evaluate("document.querySelectorAll('.js-plotly-plot').length").asInt());
      shoot(chrome, "report-without-optional-tables.png", null);
      assertEquals(List.of(), chrome.errors());
    }
  }

  @Test
  void examplesPastTheKeptMatricesAreNamedWithTheCommandThatKeepsThem() throws Exception {
    Path runDir = tmp.resolve("partial-run");
    SyntheticRun run =
        new SyntheticRun(spark(), runDir, List.of(new SyntheticRun.Model("model-a", 2, 2)), true);
    run.distanceExamples = 2;
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream previous = System.err;
    System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
    Path html;
    try {
      html = report(run, runDir, 4);
    } finally {
      System.setErr(previous);
    }
    String said = err.toString(StandardCharsets.UTF_8);
    assertTrue(
        said.contains(
            "token_distances holds the distance matrices of 2 of the 4 examples shown (the run "
                + "kept them for its first report.examples = 2 examples), so 2 examples have no Rips complex"),
        said);
    assertTrue(said.contains("--set report.examples=4"), said);
    try (HeadlessChromium chrome = browser(tmp)) {
      chrome.open(html);
      chrome.waitFor("window.reportReady === true || window.reportFailure", Duration.ofSeconds(90));
      assertTrue(
          chrome
              .evaluate("document.getElementById('coverage-note').textContent")
              .asText()
              .contains("--set report.examples=4"));
      chrome.evaluate(
          "(() => { const s = document.getElementById('example-select'); s.value = 'ex-rain'; "
              + "s.dispatchEvent(new Event('change')); })()");
      String missing =
          chrome.evaluate("document.getElementById('skeleton-missing').textContent").asText();
      assertTrue(missing.contains("--set report.examples=4"), missing);
      assertEquals(List.of(), chrome.errors());
    }
  }

  /**
   * Triples of points whose three distances are all at most eps (brute force over the lower
   * triangle).
   */
  private static long triangles(double[] lower, int n, double eps) {
    long count = 0;
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        for (int c = b + 1; c < n; c++) {
          if (lower[b * (b - 1) / 2 + a] <= eps
              && lower[c * (c - 1) / 2 + a] <= eps
              && lower[c * (c - 1) / 2 + b] <= eps) {
            count++;
          }
        }
      }
    }
    return count;
  }

  /** The page's gzipped base64 slot with this element id. */
  static String slot(String page, String id) {
    int open = page.indexOf("id=\"" + id + "\">");
    assertTrue(open >= 0, "no element " + id);
    int from = page.indexOf('>', open) + 1;
    return page.substring(from, page.indexOf("</script>", from)).trim();
  }

  /** A real click in the middle of row `row` of an n x n heatmap (rows from the top). */
  private static void clickHeatmapRow(HeadlessChromium chrome, String id, int row, int n)
      throws Exception {
    JsonNode box =
        chrome.evaluate(
            "(() => { const g = document.querySelector('#"
                + id
                + " .nsewdrag'); "
                + "g.scrollIntoView({block: 'center'}); const b = g.getBoundingClientRect(); "
                + "return [b.left, b.top, b.width, b.height]; })()");
    Thread.sleep(200);
    chrome.click(
        box.get(0).asDouble() + box.get(2).asDouble() * 0.5,
        box.get(1).asDouble() + box.get(3).asDouble() * (row + 0.5) / n);
  }

  private static int slide(HeadlessChromium chrome, String end) throws Exception {
    return chrome
        .evaluate(
            "(() => { const s = document.getElementById('threshold'); s.value = s."
                + end
                + "; "
                + "s.dispatchEvent(new Event('input')); return Number(document.getElementById('edge-count').textContent);"
                + " })()")
        .asInt();
  }

  /** Edges in the 3D plot's data: every edge is two points and a null gap. */
  private static int countEdgeSegments(HeadlessChromium chrome) throws Exception {
    JsonNode x = chrome.evaluate("document.getElementById('skeleton-3d').data[0].x.length");
    return x.asInt() / 3;
  }

  private static void shoot(HeadlessChromium chrome, String name, String selector)
      throws Exception {
    Path file = SCREENSHOTS.resolve(name);
    if (selector == null) {
      JsonNode size =
          chrome.evaluate(
              "[document.documentElement.scrollWidth, document.documentElement" + ".scrollHeight]");
      chrome.screenshot(file, 0, 0, size.get(0).asDouble(), size.get(1).asDouble());
    } else {
      chrome.screenshotOf(selector, file);
    }
    assertTrue(Files.size(file) > 1000, "screenshot " + file + " has content");
  }
}
