package org.attentiontopology.job.model.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.TinyOnnxGraphs;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttentionExposureTest {

  private static AttentionExposure expose(ModelProto model) throws IOException {
    return AttentionExposure.expose(new ByteArrayInputStream(model.toByteArray()), "test model");
  }

  @Test
  void ordersAttentionByTheLayerNumberInNodeNames() throws IOException {
    AttentionExposure exposure =
        expose(
            TinyOnnxGraphs.twoLayersNamedOutOfOrder(
                "/encoder/layer.1/attention/self/Softmax",
                "/encoder/layer.0/attention/self/Softmax"));
    assertEquals(
        List.of("second_probabilities", "first_probabilities"), exposure.attentionOutputs());
    assertEquals(
        2, exposure.layers(), "the classifier Softmax feeds no MatMul and is not attention");
    assertEquals(List.of("x", "v"), exposure.inputNames());
  }

  @Test
  void findsLongformersBandedSoftmaxThroughSliceAndKeepsEachLayersPairInGraphOrder()
      throws IOException {
    AttentionExposure exposure;
    try (InputStream in =
        ModelSpecs.classLoader().getResourceAsStream("models/tiny/tiny-longformer/model.onnx")) {
      exposure = AttentionExposure.expose(in, "tiny-longformer");
    }
    // The banded Softmax reaches its value products through Where and Slice; the global one feeds a
    // MatMul.
    assertEquals(
        List.of(
            "/layer.0/attention/Softmax_output_0",
            "/layer.0/attention/Softmax_1_output_0",
            "/layer.1/attention/Softmax_output_0",
            "/layer.1/attention/Softmax_1_output_0"),
        exposure.attentionOutputs());
    assertEquals(
        List.of("input_ids", "attention_mask", "global_attention_mask"), exposure.inputNames());
  }

  @Test
  void keepsGraphOrderWhenNamesCarryNoLayerNumber() throws IOException {
    AttentionExposure exposure =
        expose(TinyOnnxGraphs.twoLayersNamedOutOfOrder("attn_b", "attn_a"));
    assertEquals(
        List.of("first_probabilities", "second_probabilities"), exposure.attentionOutputs());
  }

  @Test
  void surgeredModelOutputsExactlyTheAttention(@TempDir Path dir) throws IOException {
    AttentionExposure exposure = expose(TinyOnnxGraphs.attentionWithBatchTimesHeadsLayout());
    Path file = dir.resolve("sub").resolve("model.onnx");
    exposure.writeTo(file);
    exposure.writeTo(file); // a second writer finds it in place
    ModelProto written;
    try (InputStream in = Files.newInputStream(file)) {
      written = ModelProto.parseFrom(in);
    }
    List<ValueInfoProto> outputs = written.getGraph().getOutputList();
    assertEquals(1, outputs.size());
    assertEquals("probabilities", outputs.get(0).getName());
    assertEquals(
        TensorProto.DataType.FLOAT_VALUE, outputs.get(0).getType().getTensorType().getElemType());
    assertEquals(List.of("input_ids", "attention_mask"), exposure.inputNames());
    try (var listing = Files.list(file.getParent())) {
      assertEquals(List.of(file), listing.toList(), "no temporary files are left behind");
    }
  }

  @Test
  void refusesAGraphWithoutSoftmax() {
    ModelLoadException error =
        assertThrows(ModelLoadException.class, () -> expose(TinyOnnxGraphs.withoutSoftmax()));
    assertTrue(
        error.getMessage().contains("no attention Softmax in ONNX model test model"),
        error.getMessage());
    assertTrue(error.getMessage().contains("eager"), error.getMessage());
  }

  @Test
  void refusesASoftmaxThatIsNotAttention() {
    ModelLoadException error =
        assertThrows(
            ModelLoadException.class, () -> expose(TinyOnnxGraphs.withOutputSoftmaxOnly()));
    assertTrue(error.getMessage().contains("no attention Softmax"), error.getMessage());
  }

  @Test
  void refusesFusedAttention() {
    ModelLoadException error =
        assertThrows(ModelLoadException.class, () -> expose(TinyOnnxGraphs.withFusedAttention()));
    assertTrue(
        error.getMessage().contains("uses fused attention (com.microsoft Attention"),
        error.getMessage());
    assertTrue(error.getMessage().contains("attn_implementation=\"eager\""), error.getMessage());
  }

  @Test
  void refusesGarbageBytes() {
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    ModelLoadException error =
        assertThrows(
            ModelLoadException.class,
            () ->
                AttentionExposure.expose(new ByteArrayInputStream(garbage), "/data/garbage.onnx"));
    assertTrue(
        error.getMessage().startsWith("cannot read ONNX model /data/garbage.onnx"),
        error.getMessage());
  }

  @Test
  void refusesATruncatedModel() {
    byte[] whole = TinyOnnxGraphs.attentionWithBatchTimesHeadsLayout().toByteArray();
    byte[] half = Arrays.copyOf(whole, whole.length / 2);
    ModelLoadException error =
        assertThrows(
            ModelLoadException.class,
            () -> AttentionExposure.expose(new ByteArrayInputStream(half), "/data/half.onnx"));
    assertTrue(
        error.getMessage().contains("/data/half.onnx: the file is corrupt or truncated"),
        error.getMessage());
  }

  @Test
  void readsLayerNumbersOfCommonExporters() {
    assertEquals(3, AttentionExposure.layerNumber("/encoder/layer.3/attention/self/Softmax"));
    assertEquals(
        11,
        AttentionExposure.layerNumber("/encoder/layers/encoder_layer_11/self_attention/Softmax"));
    assertEquals(5, AttentionExposure.layerNumber("/h.5/attn/Softmax"));
    assertEquals(2, AttentionExposure.layerNumber("/model/layers.2/self_attn/Softmax"));
    assertNull(AttentionExposure.layerNumber("/classifier/Softmax"));
    assertNull(AttentionExposure.layerNumber("Softmax_123"));
  }
}
