package org.attentiontopology.job.model.family.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentiontopology.job.model.ModelCache;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.ReferenceAttention;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.TinyOnnxGraphs;
import org.attentiontopology.job.model.family.ModelKind;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny one-layer model built in the test, run through DJL: attention in the [batch * heads, s, s]
 * layout, a graph without token_type_ids, a spec file with a relative path, and attention checked
 * against a direct computation.
 */
class TinyModelTest {

  @TempDir static Path specDir;

  private static ModelSpec spec;
  private static TextAttentionModel model;

  @BeforeAll
  static void load() throws IOException {
    Files.write(
        specDir.resolve("tiny.onnx"),
        TinyOnnxGraphs.attentionWithBatchTimesHeadsLayout().toByteArray());
    Files.writeString(
        specDir.resolve("tiny.conf"),
        """
                name = tiny-attention
                kind = encoder
                onnx = tiny.onnx
                tokenizer = "classpath:all-minilm-l6-v2-tokenizer.json"
                max_length = 16
                layers = 1
                heads = 2
                inference { batch_size = 4 }
                """);
    spec = ModelSpecs.load(specDir.resolve("tiny.conf").toString());
    model = (TextAttentionModel) ModelCache.get(spec, ReferenceAttention.WORK_DIR);
  }

  @AfterAll
  static void close() {
    ModelCache.closeAll();
  }

  @Test
  void readsHeadsFromTheBatchTimesHeadsLayout() {
    assertEquals(1, model.layers());
    assertEquals(2, model.heads());
    assertEquals(
        specDir.resolve("tiny.onnx").toAbsolutePath().normalize().toString(), spec.onnxLocation());
  }

  @Test
  void attentionEqualsADirectComputation() {
    List<String> texts = List.of("tiny attention", "a somewhat longer text for the tiny model", "");
    List<TextAttention> attention = model.attend(texts); // one batch: the short texts are padded
    for (TextAttention text : attention) {
      int length = text.length();
      for (int head = 0; head < TinyOnnxGraphs.HEADS; head++) {
        for (int from = 0; from < length; from++) {
          double[] scores = new double[length];
          double max = Double.NEGATIVE_INFINITY;
          for (int to = 0; to < length; to++) {
            for (int k = 2 * head; k < 2 * head + 2; k++) {
              scores[to] +=
                  (double) TinyOnnxGraphs.embedding(text.tokenIds()[from], k)
                      * TinyOnnxGraphs.embedding(text.tokenIds()[to], k);
            }
            max = Math.max(max, scores[to]);
          }
          double sum = 0;
          for (int to = 0; to < length; to++) {
            scores[to] = Math.exp(scores[to] - max);
            sum += scores[to];
          }
          for (int to = 0; to < length; to++) {
            assertEquals(
                scores[to] / sum,
                text.attention()[0][head][from][to],
                1e-6,
                "head "
                    + head
                    + " ["
                    + from
                    + "]["
                    + to
                    + "] of '"
                    + String.join(" ", text.tokens())
                    + "'");
          }
        }
      }
    }
  }

  @Test
  void truncatesToTheSpecMaxLength() {
    TextAttention attention =
        model.attend(
            "one two three four five six seven eight nine ten eleven twelve"
                + " thirteen fourteen fifteen sixteen");
    assertTrue(attention.truncated());
    assertEquals(18, attention.untruncatedLength());
    assertEquals(16, attention.length());
    assertEquals("fourteen", attention.tokens()[14], "the cut keeps the first tokens");
    assertEquals("[SEP]", attention.tokens()[15]);
  }

  @Test
  void loadsWeightsKeptInAnExternalDataFile(@TempDir Path dir) throws IOException {
    Path onnx = TinyOnnxGraphs.writeWithExternalEmbedding(dir, "external");
    ModelSpec external =
        new ModelSpec(
            "tiny-external",
            ModelKind.ENCODER,
            onnx.toString(),
            spec.tokenizerLocation(),
            16,
            512,
            1,
            2,
            1,
            4,
            1,
            1e-4);
    try (TextAttentionModel externalModel =
        TextAttentionModel.load(external, ReferenceAttention.WORK_DIR)) {
      TextAttention expected = model.attend("external weights");
      TextAttention actual = externalModel.attend("external weights");
      assertEquals(0, ReferenceAttention.maxDifference(expected.attention(), actual.attention()));
    }
  }

  @Test
  void feedsInt32InputsWhereTheGraphDeclaresThem(@TempDir Path dir) throws IOException {
    Path onnx =
        Files.write(
            dir.resolve("int32.onnx"),
            TinyOnnxGraphs.attentionWithBatchTimesHeadsLayout(
                    ai.onnx.proto.OnnxMl.TensorProto.DataType.INT32_VALUE)
                .toByteArray());
    ModelSpec int32 =
        new ModelSpec(
            "tiny-int32",
            ModelKind.ENCODER,
            onnx.toString(),
            spec.tokenizerLocation(),
            16,
            512,
            1,
            2,
            1,
            4,
            1,
            1e-4);
    try (TextAttentionModel int32Model =
        TextAttentionModel.load(int32, ReferenceAttention.WORK_DIR)) {
      List<String> texts = List.of("int32 inputs", "a longer text padded differently");
      List<TextAttention> expected = model.attend(texts);
      List<TextAttention> actual = int32Model.attend(texts);
      for (int i = 0; i < texts.size(); i++) {
        assertEquals(
            0,
            ReferenceAttention.maxDifference(
                expected.get(i).attention(), actual.get(i).attention()));
      }
    }
  }

  @Test
  void missingExternalDataFileIsNamed(@TempDir Path dir) throws IOException {
    Path onnx = TinyOnnxGraphs.writeWithExternalEmbedding(dir, "orphan");
    Files.delete(dir.resolve("orphan.onnx.data"));
    ModelSpec orphan =
        new ModelSpec(
            "tiny-orphan",
            ModelKind.ENCODER,
            onnx.toString(),
            spec.tokenizerLocation(),
            16,
            512,
            1,
            2,
            1,
            4,
            1,
            1e-4);
    ModelLoadException error =
        assertThrows(
            ModelLoadException.class,
            () -> TextAttentionModel.load(orphan, ReferenceAttention.WORK_DIR));
    assertTrue(
        error
            .getMessage()
            .startsWith(
                "external weights "
                    + dir.resolve("orphan.onnx.data")
                    + " of ONNX model "
                    + onnx
                    + " are missing"),
        error.getMessage());
  }

  @Test
  void cacheSharesOneModelPerSpec() {
    assertSame(model, ModelCache.get(spec, ReferenceAttention.WORK_DIR));
    assertSame(model, ModelCache.get(spec, ReferenceAttention.WORK_DIR.toAbsolutePath()));
    String previous =
        System.setProperty(ModelCache.WORK_DIR_PROPERTY, ReferenceAttention.WORK_DIR.toString());
    try {
      assertSame(
          model, ModelCache.get(spec), "the default work folder comes from the system property");
    } finally {
      if (previous == null) {
        System.clearProperty(ModelCache.WORK_DIR_PROPERTY);
      } else {
        System.setProperty(ModelCache.WORK_DIR_PROPERTY, previous);
      }
    }
    assertTrue(ModelCache.defaultWorkDir().startsWith(System.getProperty("java.io.tmpdir")));
  }
}
