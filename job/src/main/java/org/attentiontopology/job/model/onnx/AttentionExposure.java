package org.attentiontopology.job.model.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.family.longformer.LongformerTranslator;
import org.attentiontopology.job.model.spec.ModelFiles;

/**
 * ONNX graph surgery that makes a model return its attention: ONNX exports only return hidden
 * states, so the outputs of the attention Softmax nodes are made the graph's outputs.
 *
 * <p>Attention Softmax nodes are found by op type, not by name: a Softmax whose result (possibly
 * through Dropout, Cast, Identity, Reshape, Where, Slice or Transpose) is multiplied with the
 * values by a MatMul or Einsum. They are ordered by the layer number in their node name when every
 * one carries a distinct number ({@code /encoder/layer.3/...}, {@code /h.3/...}, {@code
 * encoder_layer_3}), otherwise by the graph's own order, which ONNX requires to be topological. A
 * Longformer has two per layer, banded local and global attention, so its layer numbers repeat and
 * graph order applies: a layer's output needs both of its Softmax nodes, so both come before the
 * next layer's ({@link LongformerTranslator} tells them apart). The original outputs are dropped,
 * so ONNX Runtime prunes what only they needed (the last feed-forward block).
 *
 * <p>Models with fused attention (com.microsoft Attention, MultiHeadAttention, ...) compute the
 * softmax inside one kernel and cannot expose it; they are refused with instructions to export with
 * eager attention.
 */
public final class AttentionExposure {

  /**
   * Fused attention kernels of ONNX Runtime's contrib domain: their softmax cannot be read back.
   */
  private static final Set<String> FUSED_ATTENTION_OPS =
      Set.of(
          "Attention",
          "MultiHeadAttention",
          "GroupQueryAttention",
          "PackedAttention",
          "PackedMultiHeadAttention",
          "DecoderAttention",
          "DecoderMaskedMultiHeadAttention",
          "DecoderMaskedSelfAttention",
          "SparseAttention",
          "QAttention",
          "LongformerAttention",
          "RotaryAttention");

  /**
   * Ops that pass attention probabilities on unchanged in meaning on their way to the value
   * product. Slice and Transpose are Longformer's: its banded Softmax is cut into the global-key
   * columns and the band, each multiplied with its own values (HuggingFace: Softmax, Where, Slice,
   * Transpose, MatMul).
   */
  private static final Set<String> PASS_THROUGH_OPS =
      Set.of("Dropout", "Cast", "Identity", "Reshape", "Where", "Slice", "Transpose");

  /** Ops that multiply attention probabilities with the values. */
  private static final Set<String> VALUE_PRODUCT_OPS = Set.of("MatMul", "Einsum", "FusedMatMul");

  private static final Pattern LAYER_NUMBER =
      Pattern.compile(
          "(?i)(?:^|[/._])(?:layers?|blocks?|h|encoder_layer|decoder_layer)[._/]?(\\d+)(?=[/._]|$)");

  private final ModelProto exposedModel;
  private final List<String> attentionOutputs;
  private final List<String> inputNames;
  private final Set<String> int32Inputs;
  private final List<String> externalDataFiles;

  private AttentionExposure(
      ModelProto exposedModel,
      List<String> attentionOutputs,
      List<String> inputNames,
      Set<String> int32Inputs,
      List<String> externalDataFiles) {
    this.exposedModel = exposedModel;
    this.attentionOutputs = List.copyOf(attentionOutputs);
    this.inputNames = List.copyOf(inputNames);
    this.int32Inputs = Set.copyOf(int32Inputs);
    this.externalDataFiles = List.copyOf(externalDataFiles);
  }

  /**
   * Reads an ONNX model and exposes its attention.
   *
   * @param onnx the serialized ModelProto; read to the end, not closed
   * @param origin where it came from, for error messages
   * @throws ModelLoadException when the bytes are not a readable ONNX model or the graph has no
   *     usable attention
   */
  public static AttentionExposure expose(InputStream onnx, String origin) throws IOException {
    ModelProto model = parse(onnx, origin);
    GraphProto graph = model.getGraph();
    refuseFusedAttention(graph, origin);
    List<NodeProto> softmaxes = attentionSoftmaxes(graph);
    if (softmaxes.isEmpty()) {
      throw new ModelLoadException(
          "no attention Softmax in ONNX model "
              + origin
              + ": no Softmax node feeds a"
              + " MatMul with the values. Export the model with eager (unfused) attention, e.g. with"
              + " transformers: AutoModel.from_pretrained(name, attn_implementation=\"eager\") and"
              + " torch.onnx.export, or `optimum-cli export onnx --model NAME --no-post-process DIR`,"
              + " and do not run ONNX Runtime's transformer optimizer on it.");
    }
    List<String> outputs = new ArrayList<>();
    for (NodeProto softmax : orderByLayer(softmaxes)) {
      outputs.add(softmax.getOutput(0));
    }
    Set<String> initializers = new HashSet<>();
    for (TensorProto initializer : graph.getInitializerList()) {
      initializers.add(initializer.getName());
    }
    List<String> inputs = new ArrayList<>();
    Set<String> int32Inputs = new HashSet<>();
    for (ValueInfoProto input : graph.getInputList()) {
      // Older IR versions list weights as inputs too; only the others are fed.
      if (!initializers.contains(input.getName())) {
        inputs.add(input.getName());
        if (input.getType().getTensorType().getElemType() == TensorProto.DataType.INT32_VALUE) {
          int32Inputs.add(input.getName());
        }
      }
    }
    GraphProto.Builder surgered = graph.toBuilder().clearOutput();
    for (String output : outputs) {
      surgered.addOutput(
          ValueInfoProto.newBuilder()
              .setName(output)
              .setType(
                  TypeProto.newBuilder()
                      .setTensorType(
                          TypeProto.Tensor.newBuilder()
                              .setElemType(elementTypeOf(graph, output)))));
    }
    ModelProto exposed = model.toBuilder().setGraph(surgered).build();
    return new AttentionExposure(
        exposed, outputs, inputs, int32Inputs, externalDataFiles(graph, origin));
  }

  /** Names of the attention outputs, one per layer, in layer order. */
  public List<String> attentionOutputs() {
    return attentionOutputs;
  }

  /**
   * Number of attention Softmax outputs found: one per layer, two for a Longformer (local and
   * global).
   */
  public int layers() {
    return attentionOutputs.size();
  }

  /** Names of the inputs the graph must be fed, in the graph's order. */
  public List<String> inputNames() {
    return inputNames;
  }

  /**
   * The inputs declared int32 (some exports); the others are fed int64, the ONNX exporters'
   * default.
   */
  public Set<String> int32Inputs() {
    return int32Inputs;
  }

  /**
   * Files holding weights outside the ONNX file (models over 2 GB are saved so), relative to the
   * ONNX file's folder; the surgered model refers to them by the same relative paths, so they must
   * sit beside it.
   */
  public List<String> externalDataFiles() {
    return externalDataFiles;
  }

  /**
   * Writes the surgered model to {@code target} unless it is already there. Written to a temporary
   * file and moved into place, so that concurrent loaders (several executors on one machine) never
   * see half a file.
   */
  public void writeTo(Path target) throws IOException {
    if (Files.isRegularFile(target) && Files.size(target) == exposedModel.getSerializedSize()) {
      return;
    }
    Files.createDirectories(target.getParent());
    Path temporary =
        Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
    try {
      try (OutputStream out = Files.newOutputStream(temporary)) {
        exposedModel.writeTo(out);
      }
      ModelFiles.makeReadableByAll(temporary); // temporary files start private to their owner
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static ModelProto parse(InputStream onnx, String origin) throws IOException {
    ModelProto model;
    try {
      CodedInputStream coded = CodedInputStream.newInstance(onnx);
      // Weights are stored inline; the default limit would refuse models over 64 MB on older
      // protobufs.
      coded.setSizeLimit(Integer.MAX_VALUE);
      model = ModelProto.parseFrom(coded);
    } catch (InvalidProtocolBufferException e) {
      throw new ModelLoadException(
          "cannot read ONNX model "
              + origin
              + ": the file is corrupt or truncated ("
              + e.getMessage()
              + "). Download or export it again.",
          e);
    }
    // Arbitrary bytes sometimes parse as a message made of unknown fields; a real model has a graph
    // of nodes.
    if (!model.hasGraph()
        || model.getGraph().getNodeCount() == 0
        || model.getOpsetImportCount() == 0) {
      throw new ModelLoadException(
          "cannot read ONNX model "
              + origin
              + ": it is not an ONNX model (no graph"
              + " nodes or no opset), or it is corrupt. Check the path and download or export it again.");
    }
    return model;
  }

  private static List<String> externalDataFiles(GraphProto graph, String origin) {
    Set<String> files = new java.util.LinkedHashSet<>();
    for (TensorProto initializer : graph.getInitializerList()) {
      if (initializer.getDataLocation() != TensorProto.DataLocation.EXTERNAL) {
        continue;
      }
      for (var entry : initializer.getExternalDataList()) {
        if (!"location".equals(entry.getKey())) {
          continue;
        }
        Path location = Path.of(entry.getValue()).normalize();
        if (location.isAbsolute() || location.startsWith("..")) {
          throw new ModelLoadException(
              "ONNX model "
                  + origin
                  + " keeps weights of '"
                  + initializer.getName()
                  + "' in "
                  + entry.getValue()
                  + ", outside its folder; ONNX requires external data"
                  + " paths relative to the model file. Save the model again with onnx.save(...,"
                  + " save_as_external_data=True) into one folder.");
        }
        files.add(location.toString());
      }
    }
    return new ArrayList<>(files);
  }

  private static void refuseFusedAttention(GraphProto graph, String origin) {
    for (NodeProto node : graph.getNodeList()) {
      if ("com.microsoft".equals(node.getDomain())
          && FUSED_ATTENTION_OPS.contains(node.getOpType())) {
        throw new ModelLoadException(
            "ONNX model "
                + origin
                + " uses fused attention (com.microsoft "
                + node.getOpType()
                + " node '"
                + node.getName()
                + "'), whose softmax cannot be read back."
                + " Export the model again with eager attention and without ONNX Runtime's transformer"
                + " optimizer, e.g. `optimum-cli export onnx --model NAME --no-post-process DIR`, or"
                + " torch.onnx.export of AutoModel.from_pretrained(name, attn_implementation=\"eager\").");
      }
    }
  }

  private static List<NodeProto> attentionSoftmaxes(GraphProto graph) {
    Map<String, List<NodeProto>> consumers = new HashMap<>();
    for (NodeProto node : graph.getNodeList()) {
      for (String input : node.getInputList()) {
        consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
      }
    }
    List<NodeProto> found = new ArrayList<>();
    for (NodeProto node : graph.getNodeList()) {
      boolean softmax =
          "Softmax".equals(node.getOpType())
              && (node.getDomain().isEmpty() || "ai.onnx".equals(node.getDomain()));
      if (softmax && feedsValueProduct(node.getOutput(0), consumers)) {
        found.add(node);
      }
    }
    return found;
  }

  /** Whether {@code value} reaches a MatMul/Einsum through at most three pass-through ops. */
  private static boolean feedsValueProduct(String value, Map<String, List<NodeProto>> consumers) {
    Deque<String> frontier = new ArrayDeque<>(List.of(value));
    for (int hop = 0; hop <= 3 && !frontier.isEmpty(); hop++) {
      Deque<String> next = new ArrayDeque<>();
      for (String name : frontier) {
        for (NodeProto consumer : consumers.getOrDefault(name, List.of())) {
          if (VALUE_PRODUCT_OPS.contains(consumer.getOpType())) {
            return true;
          }
          if (PASS_THROUGH_OPS.contains(consumer.getOpType())) {
            next.addAll(consumer.getOutputList());
          }
        }
      }
      frontier = next;
    }
    return false;
  }

  private static List<NodeProto> orderByLayer(List<NodeProto> softmaxes) {
    Map<NodeProto, Integer> layerNumbers = new HashMap<>();
    Set<Integer> distinct = new HashSet<>();
    for (NodeProto node : softmaxes) {
      Integer number = layerNumber(node.getName());
      if (number == null) {
        number = layerNumber(node.getOutput(0));
      }
      if (number == null) {
        return softmaxes; // graph order is topological, hence layer order
      }
      layerNumbers.put(node, number);
      distinct.add(number);
    }
    if (distinct.size() != softmaxes.size()) {
      return softmaxes;
    }
    List<NodeProto> sorted = new ArrayList<>(softmaxes);
    sorted.sort(Comparator.comparing(layerNumbers::get));
    return sorted;
  }

  /** The last layer-like number in a node name, or null. */
  static Integer layerNumber(String name) {
    Matcher matcher = LAYER_NUMBER.matcher(name);
    Integer last = null;
    while (matcher.find()) {
      last = Integer.valueOf(matcher.group(1));
    }
    return last;
  }

  /**
   * The element type recorded for a value, defaulting to float (what every supported export
   * computes in).
   */
  private static int elementTypeOf(GraphProto graph, String value) {
    for (ValueInfoProto info : graph.getValueInfoList()) {
      if (info.getName().equals(value) && info.getType().hasTensorType()) {
        return info.getType().getTensorType().getElemType();
      }
    }
    return TensorProto.DataType.FLOAT_VALUE;
  }
}
