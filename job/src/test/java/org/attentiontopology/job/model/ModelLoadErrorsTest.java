package org.attentiontopology.job.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.attentiontopology.job.model.family.ModelKind;
import org.attentiontopology.job.model.family.text.TextAttentionModel;
import org.attentiontopology.job.model.spec.ImageSettings;
import org.attentiontopology.job.model.spec.LongformerSettings;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading fails early, with a message that names the file at fault and what to do. */
class ModelLoadErrorsTest {

  private static final String MINILM_TOKENIZER = "classpath:all-minilm-l6-v2-tokenizer.json";

  @TempDir Path dir;

  private static ModelSpec spec(ModelKind kind, String onnx, String tokenizer, int layers) {
    return new ModelSpec("broken", kind, onnx, tokenizer, 32, 512, layers, 0, 1, 4, 1, 1e-4);
  }

  private static ModelSpec spec(
      ModelKind kind, String onnx, String tokenizer, int layers, ImageSettings image) {
    return new ModelSpec("broken", kind, onnx, tokenizer, 32, 512, layers, 0, 1, 4, 1, 1e-4, image);
  }

  private static ModelLoadException loadFails(ModelSpec spec) {
    return assertThrows(
        ModelLoadException.class, () -> TextAttentionModel.load(spec, ReferenceAttention.WORK_DIR));
  }

  private static void assertMentions(Exception error, String... fragments) {
    for (String fragment : fragments) {
      assertTrue(
          error.getMessage().contains(fragment),
          "'" + fragment + "' missing from: " + error.getMessage());
    }
  }

  @Test
  void garbageOnnxFile() throws IOException {
    byte[] garbage = new byte[100_000];
    new Random(3).nextBytes(garbage);
    Path onnx = Files.write(dir.resolve("garbage.onnx"), garbage);
    ModelLoadException error =
        loadFails(spec(ModelKind.ENCODER, onnx.toString(), MINILM_TOKENIZER, 0));
    assertMentions(error, "cannot read ONNX model " + onnx);
  }

  @Test
  void truncatedOnnxFile() throws IOException {
    Path onnx = dir.resolve("truncated.onnx");
    try (InputStream in = ModelSpecs.classLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
      Files.write(onnx, in.readNBytes(3_000_000));
    }
    ModelLoadException error =
        loadFails(spec(ModelKind.ENCODER, onnx.toString(), MINILM_TOKENIZER, 0));
    assertMentions(
        error,
        "cannot read ONNX model " + onnx,
        "corrupt or truncated",
        "Download or export it again");
  }

  @Test
  void onnxFileWithoutAttentionSoftmax() throws IOException {
    Path onnx =
        Files.write(dir.resolve("relu.onnx"), TinyOnnxGraphs.withoutSoftmax().toByteArray());
    ModelLoadException error =
        loadFails(spec(ModelKind.ENCODER, onnx.toString(), MINILM_TOKENIZER, 0));
    assertMentions(error, "no attention Softmax in ONNX model " + onnx, "eager");
  }

  @Test
  void missingOnnxFile() {
    Path onnx = dir.resolve("absent.onnx");
    ModelLoadException error =
        loadFails(spec(ModelKind.ENCODER, onnx.toString(), MINILM_TOKENIZER, 0));
    assertMentions(
        error, "ONNX model of model 'broken' is missing: " + onnx, "Fix 'onnx' in the model spec");
  }

  @Test
  void missingClasspathResource() {
    ModelLoadException error =
        loadFails(spec(ModelKind.ENCODER, "classpath:no-such-model.onnx", MINILM_TOKENIZER, 0));
    assertMentions(error, "no class path resource 'no-such-model.onnx'");
  }

  @Test
  void missingTokenizerFile() throws IOException {
    Path onnx =
        Files.write(
            dir.resolve("tiny.onnx"),
            TinyOnnxGraphs.attentionWithBatchTimesHeadsLayout().toByteArray());
    Path tokenizer = dir.resolve("absent-tokenizer.json");
    ModelLoadException error =
        loadFails(spec(ModelKind.ENCODER, onnx.toString(), tokenizer.toString(), 0));
    assertMentions(
        error,
        "tokenizer of model 'broken' is missing: " + tokenizer,
        "Fix 'tokenizer' in the model spec");
  }

  @Test
  void unreadableTokenizerFile() throws IOException {
    Path onnx =
        Files.write(
            dir.resolve("tiny.onnx"),
            TinyOnnxGraphs.attentionWithBatchTimesHeadsLayout().toByteArray());
    Path tokenizer = Files.writeString(dir.resolve("tokenizer.json"), "{ not a tokenizer");
    ModelLoadException error =
        loadFails(spec(ModelKind.ENCODER, onnx.toString(), tokenizer.toString(), 0));
    assertMentions(error, "cannot read tokenizer " + tokenizer, "HuggingFace tokenizer.json");
  }

  @Test
  void layerCountDisagreesWithTheSpec() throws IOException {
    Path onnx =
        Files.write(
            dir.resolve("tiny.onnx"),
            TinyOnnxGraphs.attentionWithBatchTimesHeadsLayout().toByteArray());
    ModelLoadException error =
        loadFails(spec(ModelKind.ENCODER, onnx.toString(), MINILM_TOKENIZER, 3));
    assertMentions(
        error, "has 1 attention Softmax nodes but the spec of model 'broken' says layers = 3");
  }

  @Test
  void headCountDisagreesWithTheSpec() throws IOException {
    Path onnx =
        Files.write(
            dir.resolve("tiny.onnx"),
            TinyOnnxGraphs.attentionWithBatchTimesHeadsLayout().toByteArray());
    ModelSpec spec =
        new ModelSpec(
            "broken",
            ModelKind.ENCODER,
            onnx.toString(),
            MINILM_TOKENIZER,
            32,
            512,
            1,
            12,
            1,
            4,
            1,
            1e-4);
    ModelLoadException error = loadFails(spec);
    assertMentions(error, "has 2 heads per layer but the spec of model 'broken' says heads = 12");
  }

  @Test
  void visionHeadCountDisagreesWithTheSpec() {
    ModelSpec tiny = ModelSpecs.load("tiny-vit");
    ModelSpec wrong =
        new ModelSpec(
            tiny.name(),
            tiny.kind(),
            tiny.onnxLocation(),
            tiny.tokenizerLocation(),
            tiny.maxLength(),
            tiny.maxPositions(),
            tiny.expectedLayers(),
            99,
            tiny.intraOpThreads(),
            tiny.batchSize(),
            tiny.predictors(),
            tiny.rowSumTolerance(),
            tiny.image(),
            tiny.longformer());
    ModelLoadException error =
        assertThrows(
            ModelLoadException.class,
            () -> AttentionModel.load(wrong, ReferenceAttention.WORK_DIR));
    assertMentions(error, "heads per layer but the spec of model 'tiny-vit' says heads = 99");
  }

  @Test
  void textLoadersRefuseVision() {
    ModelLoadException vision =
        loadFails(
            spec(
                ModelKind.VISION,
                "classpath:all-minilm-l6-v2.onnx",
                MINILM_TOKENIZER,
                0,
                new ImageSettings(32, 32, 8, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5))));
    assertMentions(vision, "a text model must be an encoder, a decoder or a longformer");
  }

  /** The bundled tiny Longformer's spec with another ONNX file, window and layer count. */
  private static ModelSpec longformer(String onnx, int window, int layers) {
    ModelSpec tiny = ModelSpecs.load("tiny-longformer");
    return new ModelSpec(
        "broken",
        ModelKind.LONGFORMER,
        onnx,
        tiny.tokenizerLocation(),
        32,
        64,
        layers,
        0,
        1,
        4,
        1,
        1e-4,
        null,
        new LongformerSettings(window, List.of(0), 1));
  }

  /**
   * The tiny Longformer with its global attention Softmax nodes (each layer's second) turned into
   * Sigmoid.
   */
  private Path longformerWithoutGlobalSoftmax() throws IOException {
    OnnxMl.ModelProto model;
    try (InputStream in =
        ModelSpecs.classLoader().getResourceAsStream("models/tiny/tiny-longformer/model.onnx")) {
      model = OnnxMl.ModelProto.parseFrom(in);
    }
    OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
    int softmaxes = 0;
    for (OnnxMl.NodeProto.Builder node : graph.getNodeBuilderList()) {
      if (node.getOpType().equals("Softmax") && softmaxes++ % 2 == 1) {
        node.setOpType("Sigmoid").clearAttribute();
      }
    }
    assertTrue(
        softmaxes == 4, "two Softmax nodes per layer in the tiny Longformer, found " + softmaxes);
    return Files.write(
        dir.resolve("no-global.onnx"), model.toBuilder().setGraph(graph).build().toByteArray());
  }

  @Test
  void aLongformerExportWithoutGlobalAttentionFailsAtLoadSayingWhy() throws IOException {
    Path onnx = longformerWithoutGlobalSoftmax();
    ModelLoadException counted =
        assertThrows(
            ModelLoadException.class,
            () ->
                AttentionModel.load(
                    longformer(onnx.toString(), 4, 2), ReferenceAttention.WORK_DIR));
    assertMentions(
        counted,
        "has 2 attention Softmax nodes but the spec of model 'broken' says layers = 2, which"
            + " for a Longformer means 4 (local and global per layer");
    ModelLoadException probed =
        assertThrows(
            ModelLoadException.class,
            () ->
                AttentionModel.load(
                    longformer(onnx.toString(), 4, 0), ReferenceAttention.WORK_DIR));
    assertMentions(
        probed,
        "fails its probe inference",
        "the export gives 2 banded local and 0 global attention"
            + " outputs: a Longformer export has one of each per layer");
  }

  @Test
  void aLongformerSpecWithTheWrongWindowFailsAtLoadNamingTheShapes() {
    ModelLoadException error =
        assertThrows(
            ModelLoadException.class,
            () ->
                AttentionModel.load(
                    longformer("classpath:models/tiny/tiny-longformer/model.onnx", 8, 2),
                    ReferenceAttention.WORK_DIR));
    assertMentions(
        error,
        "fails its probe inference",
        "attention output '/layer.0/attention/Softmax_output_0'" + " has shape [1, 8, 2, 6]",
        "x + w + 1 = 10",
        "check attention_window = 8");
  }

  @Test
  void aModelWithoutGlobalAttentionInputLoadedAsLongformerIsRefused() {
    ModelLoadException error =
        assertThrows(
            ModelLoadException.class,
            () ->
                AttentionModel.load(
                    longformer("classpath:models/tiny/tiny-gpt2/model.onnx", 4, 0),
                    ReferenceAttention.WORK_DIR));
    assertMentions(
        error,
        "takes inputs [input_ids, attention_mask] without global_attention_mask",
        "--kind longformer");
  }

  @Test
  void aVisionModelWhoseTokensExceedMaxLengthFailsAtLoad() {
    ModelSpec tiny = ModelSpecs.load("tiny-vit");
    ModelSpec tooShort =
        new ModelSpec(
            tiny.name(),
            tiny.kind(),
            tiny.onnxLocation(),
            "",
            16,
            16,
            0,
            0,
            1,
            4,
            1,
            1e-4,
            tiny.image());
    ModelLoadException error =
        assertThrows(
            ModelLoadException.class,
            () -> AttentionModel.load(tooShort, ReferenceAttention.WORK_DIR));
    assertMentions(error, "sees 17 tokens per image");
    assertMentions(error, "max_length is 16");
  }

  @Test
  void aVisionModelWithTheWrongImageSizeFailsAtLoad() {
    ModelSpec tiny = ModelSpecs.load("tiny-vit");
    ModelSpec wrongSize =
        new ModelSpec(
            tiny.name(),
            tiny.kind(),
            tiny.onnxLocation(),
            "",
            64,
            64,
            0,
            0,
            1,
            4,
            1,
            1e-4,
            new ImageSettings(48, 48, 8, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5)));
    ModelLoadException error =
        assertThrows(
            ModelLoadException.class,
            () -> AttentionModel.load(wrongSize, ReferenceAttention.WORK_DIR));
    assertMentions(error, "does not run on 48 x 48 images");
  }

  @Test
  void aDecoderWithoutItsTokenizerFailsAtLoad() {
    ModelSpec spec =
        spec(
            ModelKind.DECODER,
            "classpath:models/tiny/tiny-gpt2/model.onnx",
            dir.resolve("missing-tokenizer.json").toString(),
            0);
    assertMentions(loadFails(spec), "tokenizer of model 'broken' is missing");
  }
}
