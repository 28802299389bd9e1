package org.attentiontopology.job.model;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small ONNX graphs built in tests with the ONNX protobuf classes, to exercise graph surgery and
 * its errors.
 */
public final class TinyOnnxGraphs {

  /**
   * Vocabulary size of the bundled BERT tokenizers, so the tiny attention model can use their ids.
   */
  public static final int VOCABULARY = 30522;

  public static final int HIDDEN = 4;
  public static final int HEADS = 2;

  private TinyOnnxGraphs() {}

  /** The tiny attention model's embedding of a token id: deterministic, in [-1, 1]. */
  public static float embedding(long id, int k) {
    return (float) Math.sin(0.37 * id + 1.3 * k);
  }

  /**
   * One self-attention layer with {@link #HEADS} heads of size 2 over a fixed embedding and no
   * projections, whose Softmax output has the [batch * heads, s, s] layout (as torchvision's ViT
   * exports give it). Inputs are input_ids and attention_mask only (no token_type_ids); padded keys
   * get a -10000 bias.
   */
  public static ModelProto attentionWithBatchTimesHeadsLayout() {
    return attentionWithBatchTimesHeadsLayout(TensorProto.DataType.INT64_VALUE);
  }

  /**
   * The same model with input_ids and attention_mask of another integer type (some exports use
   * int32).
   */
  public static ModelProto attentionWithBatchTimesHeadsLayout(int inputType) {
    ByteBuffer weights =
        ByteBuffer.allocate(VOCABULARY * HIDDEN * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int v = 0; v < VOCABULARY; v++) {
      for (int k = 0; k < HIDDEN; k++) {
        weights.putFloat(embedding(v, k));
      }
    }
    weights.flip();
    GraphProto.Builder graph =
        GraphProto.newBuilder()
            .setName("tiny-attention")
            .addInput(tensorInput("input_ids", inputType, "batch", "sequence"))
            .addInput(tensorInput("attention_mask", inputType, "batch", "sequence"))
            .addOutput(ValueInfoProto.newBuilder().setName("context").setType(floatType()))
            .addInitializer(
                TensorProto.newBuilder()
                    .setName("embedding")
                    .setDataType(TensorProto.DataType.FLOAT_VALUE)
                    .addDims(VOCABULARY)
                    .addDims(HIDDEN)
                    .setRawData(ByteString.copyFrom(weights)))
            .addInitializer(int64s("minus_one", -1))
            .addInitializer(int64s("one", 1))
            .addInitializer(int64s("head_size", 2))
            .addInitializer(int64s("split_heads", 0, 0, HEADS, 2))
            .addInitializer(int64s("unsqueeze_axes", 1, 2))
            .addInitializer(int64s("per_head", 1, HEADS, 1, 1))
            .addInitializer(floatScalar("one_f", 1f))
            .addInitializer(floatScalar("masked_bias", -10000f))
            .addNode(node("Gather", "embed", new String[] {"embedding", "input_ids"}, "x"))
            .addNode(node("Reshape", "split", new String[] {"x", "split_heads"}, "x4"))
            .addNode(
                node(
                    "Transpose",
                    "heads_first",
                    new String[] {"x4"},
                    "xt",
                    ints("perm", 0, 2, 1, 3)))
            .addNode(node("Shape", "shape", new String[] {"input_ids"}, "ids_shape"))
            .addNode(
                node(
                    "Gather",
                    "sequence_length",
                    new String[] {"ids_shape", "one"},
                    "s",
                    ints1("axis", 0)))
            .addNode(
                node(
                    "Concat",
                    "q_shape",
                    new String[] {"minus_one", "s", "head_size"},
                    "q_shape",
                    ints1("axis", 0)))
            .addNode(node("Reshape", "merge_batch_heads", new String[] {"xt", "q_shape"}, "q"))
            .addNode(node("Transpose", "keys", new String[] {"q"}, "k", ints("perm", 0, 2, 1)))
            .addNode(node("MatMul", "scores", new String[] {"q", "k"}, "scores"))
            .addNode(
                node(
                    "Cast",
                    "mask_float",
                    new String[] {"attention_mask"},
                    "mask",
                    ints1("to", TensorProto.DataType.FLOAT_VALUE)))
            .addNode(node("Sub", "inverted", new String[] {"one_f", "mask"}, "inverted"))
            .addNode(node("Mul", "bias", new String[] {"inverted", "masked_bias"}, "bias"))
            .addNode(node("Unsqueeze", "bias4", new String[] {"bias", "unsqueeze_axes"}, "bias4"))
            .addNode(node("Expand", "bias_heads", new String[] {"bias4", "per_head"}, "bias_heads"))
            .addNode(
                node(
                    "Concat",
                    "bias_shape",
                    new String[] {"minus_one", "one", "s"},
                    "bias_shape",
                    ints1("axis", 0)))
            .addNode(
                node("Reshape", "bias_merged", new String[] {"bias_heads", "bias_shape"}, "bias3"))
            .addNode(
                node("Add", "masked_scores", new String[] {"scores", "bias3"}, "masked_scores"))
            .addNode(
                node(
                    "Softmax",
                    "/encoder/layers/encoder_layer_0/self_attention/Softmax",
                    new String[] {"masked_scores"},
                    "probabilities",
                    ints1("axis", -1)))
            .addNode(node("MatMul", "context", new String[] {"probabilities", "q"}, "context"));
    return model(graph);
  }

  /**
   * The tiny attention model saved with its embedding in an external data file, as ONNX saves
   * models over 2 GB: writes {@code <dir>/<name>.onnx} and {@code <dir>/<name>.onnx.data} and
   * returns the model file.
   */
  public static Path writeWithExternalEmbedding(Path dir, String name) throws IOException {
    ModelProto model = attentionWithBatchTimesHeadsLayout();
    GraphProto.Builder graph = model.getGraph().toBuilder();
    String dataFile = name + ".onnx.data";
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      TensorProto initializer = graph.getInitializer(i);
      if (initializer.getName().equals("embedding")) {
        Files.write(dir.resolve(dataFile), initializer.getRawData().toByteArray());
        graph.setInitializer(
            i,
            initializer.toBuilder()
                .clearRawData()
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(
                    StringStringEntryProto.newBuilder().setKey("location").setValue(dataFile))
                .addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue("0"))
                .addExternalData(
                    StringStringEntryProto.newBuilder()
                        .setKey("length")
                        .setValue(Long.toString(initializer.getRawData().size()))));
      }
    }
    Path file = dir.resolve(name + ".onnx");
    Files.write(file, model.toBuilder().setGraph(graph).build().toByteArray());
    return file;
  }

  /** A graph with no Softmax at all. */
  public static ModelProto withoutSoftmax() {
    GraphProto.Builder graph =
        GraphProto.newBuilder()
            .setName("relu")
            .addInput(tensorInput("x", TensorProto.DataType.FLOAT_VALUE, "batch", "features"))
            .addOutput(ValueInfoProto.newBuilder().setName("y").setType(floatType()))
            .addNode(node("Relu", "relu", new String[] {"x"}, "y"));
    return model(graph);
  }

  /** A classifier-style Softmax that feeds no MatMul: not attention. */
  public static ModelProto withOutputSoftmaxOnly() {
    GraphProto.Builder graph =
        GraphProto.newBuilder()
            .setName("classifier")
            .addInput(tensorInput("x", TensorProto.DataType.FLOAT_VALUE, "batch", "classes"))
            .addOutput(ValueInfoProto.newBuilder().setName("p").setType(floatType()))
            .addNode(
                node("Softmax", "/classifier/Softmax", new String[] {"x"}, "p", ints1("axis", -1)));
    return model(graph);
  }

  /** ONNX Runtime's fused com.microsoft Attention, which computes the softmax inside one kernel. */
  public static ModelProto withFusedAttention() {
    GraphProto.Builder graph =
        GraphProto.newBuilder()
            .setName("fused")
            .addInput(
                tensorInput("x", TensorProto.DataType.FLOAT_VALUE, "batch", "sequence", "hidden"))
            .addOutput(ValueInfoProto.newBuilder().setName("y").setType(floatType()))
            .addNode(
                node(
                        "Attention",
                        "/encoder/layer.0/attention/self/Attention",
                        new String[] {"x", "weight", "bias"},
                        "y",
                        ints1("num_heads", 2))
                    .toBuilder()
                    .setDomain("com.microsoft")
                    .build());
    return model(graph).toBuilder()
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1))
        .build();
  }

  /**
   * Two attention-like layers whose Softmax nodes are named with layer numbers in the opposite of
   * graph order, and a third, classifier Softmax at the end that is not attention.
   */
  public static ModelProto twoLayersNamedOutOfOrder(String firstName, String secondName) {
    GraphProto.Builder graph =
        GraphProto.newBuilder()
            .setName("two-layers")
            .addInput(
                tensorInput("x", TensorProto.DataType.FLOAT_VALUE, "batch", "sequence", "sequence"))
            .addInput(
                tensorInput("v", TensorProto.DataType.FLOAT_VALUE, "batch", "sequence", "sequence"))
            .addOutput(ValueInfoProto.newBuilder().setName("out").setType(floatType()))
            .addNode(
                node(
                    "Softmax",
                    firstName,
                    new String[] {"x"},
                    "first_probabilities",
                    ints1("axis", -1)))
            .addNode(
                node("Dropout", "dropout", new String[] {"first_probabilities"}, "first_dropped"))
            .addNode(node("MatMul", "first_context", new String[] {"first_dropped", "v"}, "h1"))
            .addNode(
                node(
                    "Softmax",
                    secondName,
                    new String[] {"h1"},
                    "second_probabilities",
                    ints1("axis", -1)))
            .addNode(
                node("MatMul", "second_context", new String[] {"second_probabilities", "v"}, "h2"))
            .addNode(
                node(
                    "Softmax",
                    "/classifier/Softmax",
                    new String[] {"h2"},
                    "out",
                    ints1("axis", -1)));
    return model(graph);
  }

  private static ModelProto model(GraphProto.Builder graph) {
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("attention-topology-tests")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(14))
        .setGraph(graph)
        .build();
  }

  private static NodeProto node(
      String op, String name, String[] inputs, String output, AttributeProto... attributes) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
    for (String input : inputs) {
      node.addInput(input);
    }
    for (AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    return node.build();
  }

  private static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder attribute =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long value : values) {
      attribute.addInts(value);
    }
    return attribute.build();
  }

  private static AttributeProto ints1(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static TensorProto int64s(String name, long... values) {
    TensorProto.Builder tensor =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE)
            .addDims(values.length);
    for (long value : values) {
      tensor.addInt64Data(value);
    }
    return tensor.build();
  }

  private static TensorProto floatScalar(String name, float value) {
    return TensorProto.newBuilder()
        .setName(name)
        .setDataType(TensorProto.DataType.FLOAT_VALUE)
        .addFloatData(value)
        .build();
  }

  private static TypeProto floatType() {
    return TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))
        .build();
  }

  private static ValueInfoProto tensorInput(String name, int elementType, String... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (String dim : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(dim));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(
                    TypeProto.Tensor.newBuilder().setElemType(elementType).setShape(shape)))
        .build();
  }
}
