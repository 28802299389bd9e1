package org.attentiontopology.job.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentiontopology.job.model.family.ModelKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelSpecsTest {

  @Test
  void bundledMiniLm() {
    ModelSpec spec = ModelSpecs.load("all-minilm-l6-v2");
    assertEquals("all-minilm-l6-v2", spec.name());
    assertEquals(ModelKind.ENCODER, spec.kind());
    assertEquals("classpath:all-minilm-l6-v2.onnx", spec.onnxLocation());
    assertEquals("classpath:all-minilm-l6-v2-tokenizer.json", spec.tokenizerLocation());
    assertEquals(256, spec.maxLength());
    assertEquals(512, spec.maxPositions());
    assertEquals(6, spec.expectedLayers());
    assertEquals(12, spec.expectedHeads());
    assertEquals(1, spec.intraOpThreads());
    assertEquals(8, spec.batchSize());
    assertEquals(1e-4, spec.rowSumTolerance());
  }

  @Test
  void everyBundledSpecLoadsAndItsFilesAreOnTheClassPath() {
    for (String name : ModelSpecs.BUNDLED) {
      ModelSpec spec = ModelSpecs.load(name);
      assertEquals(name, spec.name());
      for (String location : new String[] {spec.onnxLocation(), spec.tokenizerLocation()}) {
        if (location.isEmpty()) {
          assertEquals(ModelKind.VISION, spec.kind(), "only vision models go without a tokenizer");
          continue;
        }
        String resource = location.substring(ModelSpec.CLASSPATH_PREFIX.length());
        assertTrue(
            ModelSpecs.classLoader().getResource(resource) != null, "missing resource " + resource);
      }
    }
    assertEquals(12, ModelSpecs.load("bge-small-en-v1.5").expectedLayers());
    ImageSettings vit = ModelSpecs.load("tiny-vit").image();
    assertEquals(
        new ImageSettings(
            32, 32, 8, java.util.List.of(0.5, 0.5, 0.5), java.util.List.of(0.25, 0.25, 0.25)),
        vit);
    assertEquals(ModelKind.DECODER, ModelSpecs.load("tiny-gpt2").kind());
    ModelSpec longformer = ModelSpecs.load("tiny-longformer");
    assertEquals(ModelKind.LONGFORMER, longformer.kind());
    assertEquals(new LongformerSettings(4, java.util.List.of(0), 1), longformer.longformer());
  }

  private static ModelSpec longformerSpec(String extra) {
    return ModelSpecs.fromConfig(
        ConfigFactory.parseString(
            "name = l, kind = longformer, onnx = \"/m.onnx\","
                + " tokenizer = \"/t.json\", max_length = 60, max_positions = 64, "
                + extra),
        null,
        "test");
  }

  @Test
  void aLongformerSpecReadsItsWindowGlobalTokensAndPadding() {
    ModelSpec spec =
        longformerSpec("attention_window = 8, global_tokens = [0, -1], pad_token_id = 3");
    assertEquals(new LongformerSettings(8, java.util.List.of(0, -1), 3), spec.longformer());
    assertEquals(
        new LongformerSettings(8, java.util.List.of(0), 1),
        longformerSpec("attention_window = 8").longformer(),
        "the first token global and RoBERTa's <pad> unless said otherwise");
    assertEquals(spec.longformer(), spec.withMaxLength(32).withInference(2, 4, 1).longformer());
  }

  @Test
  void longformerSettingsAreCheckedAndBelongToLongformersOnly() {
    String[][] cases = {
      {"global_tokens = [0]", "needs attention_window"},
      {"attention_window = 3", "attention_window 3 must be even"},
      {"attention_window = 8, global_tokens = []", "global_tokens is empty"},
      // 60 tokens pad to 80 with a window of 40, beyond the 64 positions.
      {
        "attention_window = 40",
        "which pads to 80 (a multiple of attention_window = 40) beyond max_positions"
      },
    };
    for (String[] c : cases) {
      IllegalArgumentException error =
          assertThrows(IllegalArgumentException.class, () -> longformerSpec(c[0]));
      assertTrue(error.getMessage().contains(c[1]), c[0] + ": " + error.getMessage());
    }
    IllegalArgumentException encoder =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ModelSpecs.load(
                    "all-minilm-l6-v2", ConfigFactory.parseString("global_tokens = [0]")));
    assertTrue(
        encoder.getMessage().contains("global_tokens applies to kind = longformer only"),
        encoder.getMessage());
  }

  @Test
  void aVisionSpecWithoutImageSettingsIsRefused() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ModelSpecs.fromConfig(
                    com.typesafe.config.ConfigFactory.parseString(
                        "name = v, kind = vision, onnx = \"/m.onnx\"," + " max_length = 17"),
                    null,
                    "test"));
    assertTrue(
        error
            .getMessage()
            .contains("needs an image { size, resize, patch_size, mean, std } section"),
        error.getMessage());
  }

  @Test
  void unknownNameListsTheAvailableModels() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ModelSpecs.load("gpt-17"));
    assertEquals(
        "unknown model 'gpt-17': available are all-minilm-l6-v2, bge-small-en-v1.5, tiny-gpt2,"
            + " tiny-vit, tiny-longformer; or pass the path of"
            + " a model spec file (see conf/models/*.conf)",
        error.getMessage());
  }

  @Test
  void missingSpecFile(@TempDir Path dir) {
    Path absent = dir.resolve("absent.conf");
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> ModelSpecs.load(absent.toString()));
    assertTrue(
        error.getMessage().startsWith("model spec file " + absent + " does not exist"),
        error.getMessage());
  }

  @Test
  void specFileResolvesRelativePathsAgainstItsFolder(@TempDir Path dir) throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("mine.conf"),
            """
                name = my-encoder
                kind = encoder
                onnx = "weights/model.onnx"
                tokenizer = "/elsewhere/tokenizer.json"
                max_length = 64
                """);
    ModelSpec spec = ModelSpecs.load(file.toString());
    assertEquals(dir.resolve("weights/model.onnx").toString(), spec.onnxLocation());
    assertEquals("/elsewhere/tokenizer.json", spec.tokenizerLocation());
    assertEquals(0, spec.expectedLayers(), "layers are not checked unless given");
    assertEquals(2, spec.predictors());
  }

  @Test
  void overridesWinOverTheFile() {
    ModelSpec spec =
        ModelSpecs.load(
            "all-minilm-l6-v2",
            ConfigFactory.parseString("max_length = 64, inference.batch_size = 2"));
    assertEquals(64, spec.maxLength());
    assertEquals(2, spec.batchSize());
    assertEquals(6, spec.expectedLayers());
  }

  @Test
  void theTinyModelsComeFromTheirOwnJarNotTheJobs() throws Exception {
    Path jobClasses =
        Path.of(ModelSpecs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> own =
        Files.readAllLines(jobClasses.resolve(ModelSpecs.CATALOGUE)).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .toList();
    assertEquals(List.of("all-minilm-l6-v2", "bge-small-en-v1.5"), own);
    assertFalse(Files.exists(jobClasses.resolve("models/tiny")), "tiny weights in the job's jar");
    for (String tiny : List.of("tiny-gpt2", "tiny-vit", "tiny-longformer")) {
      assertTrue(ModelSpecs.BUNDLED.contains(tiny), tiny + " missing from " + ModelSpecs.BUNDLED);
      assertFalse(Files.exists(jobClasses.resolve("models/" + tiny + ".conf")), tiny);
      URL spec = ModelSpecs.classLoader().getResource("models/" + tiny + ".conf");
      assertTrue(
          spec != null && !spec.toString().startsWith(jobClasses.toUri().toString()),
          tiny + "'s spec should come from the tiny-models jar, found at " + spec);
    }
  }

  @Test
  void invalidValuesAreNamed() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ModelSpecs.load(
                    "all-minilm-l6-v2", ConfigFactory.parseString("max_length = 1024")));
    assertTrue(
        error.getMessage().contains("max_length of model 'all-minilm-l6-v2' is 1024"),
        error.getMessage());
    IllegalArgumentException kind =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ModelSpecs.load(
                    "all-minilm-l6-v2", ConfigFactory.parseString("kind = transformer")));
    assertTrue(kind.getMessage().contains("unknown model kind 'transformer'"), kind.getMessage());
  }

  /**
   * A local HTTP server that counts its requests and serves a spec fragment: a fetched include
   * would change the model's name.
   */
  private static final class CountingServer implements AutoCloseable {
    final java.util.concurrent.atomic.AtomicInteger requests =
        new java.util.concurrent.atomic.AtomicInteger();
    final com.sun.net.httpserver.HttpServer server;

    CountingServer() throws IOException {
      server =
          com.sun.net.httpserver.HttpServer.create(
              new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/",
          exchange -> {
            requests.incrementAndGet();
            byte[] body =
                "name = fetched-from-the-network\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
          });
      server.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/spec.conf";
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @Test
  void aSpecThatIncludesAUrlIsRefusedBeforeAnythingIsFetched(@TempDir Path dir) throws IOException {
    try (CountingServer server = new CountingServer()) {
      String[] includes = {
        "include url(\"" + server.url() + "\")",
        "include \"" + server.url() + "\"",
        "include required(url(\"" + server.url() + "\"))"
      };
      for (String include : includes) {
        Path spec =
            Files.writeString(
                dir.resolve("online.conf"),
                "include classpath(\"models/tiny-gpt2.conf\")\n" + include + "\n");
        IllegalArgumentException error =
            assertThrows(
                IllegalArgumentException.class, () -> ModelSpecs.load(spec.toString()), include);
        assertTrue(
            error.getMessage().contains("model spec " + spec)
                && error.getMessage().contains(server.url())
                && error.getMessage().contains("includes may name files only"),
            error.getMessage());
      }
      // Nested: a file included by the spec is held to the same rule.
      Files.writeString(dir.resolve("nested.conf"), "include url(\"" + server.url() + "\")\n");
      Path outer = Files.writeString(dir.resolve("outer.conf"), "include \"nested.conf\"\n");
      IllegalArgumentException nested =
          assertThrows(IllegalArgumentException.class, () -> ModelSpecs.load(outer.toString()));
      assertTrue(nested.getMessage().contains("model spec " + outer), nested.getMessage());
      assertEquals(0, server.requests.get(), "nothing was fetched");
    }
  }

  @Test
  void aSpecMayIncludeFilesAndClassPathResources(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("shape.conf"), "layers = 2\nheads = 2\n");
    Path spec =
        Files.writeString(
            dir.resolve("mine.conf"),
            """
                include classpath("models/tiny-gpt2.conf")
                include "shape.conf"
                include file("%s")
                name = my-gpt2
                """
                .formatted(dir.resolve("shape.conf")));
    ModelSpec loaded = ModelSpecs.load(spec.toString());
    ModelSpec bundled = ModelSpecs.load("tiny-gpt2");
    assertEquals("my-gpt2", loaded.name());
    assertEquals(bundled.kind(), loaded.kind());
    assertEquals(bundled.onnxLocation(), loaded.onnxLocation());
    assertEquals(64, loaded.maxLength());
    assertEquals(2, loaded.expectedLayers());
  }
}
