package org.attentiontopology.job.model.family.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DJL translator from a batch of tokenized texts to each text's attention, [layer][head][from][to],
 * with padding removed.
 *
 * <p>It batches by itself (one padded [batch, longest] tensor per input) because the ONNX Runtime
 * engine cannot stack NDArrays, so it declares no batchifier ({@link NoBatchifyTranslator}). Heads
 * are read from the attention tensors: [batch, heads, s, s] as BERT-style exports give them, or
 * [batch * heads, s, s] as some others do.
 */
public final class AttentionTranslator
    implements NoBatchifyTranslator<List<EncodedText>, List<float[][][][]>> {

  private static final String LENGTHS = "lengths";
  private static final String PADDED_LENGTH = "paddedLength";

  private final List<String> inputNames;
  private final Set<String> int32Inputs;
  private final List<String> attentionOutputs;

  AttentionTranslator(
      List<String> inputNames, Set<String> int32Inputs, List<String> attentionOutputs) {
    this.inputNames = List.copyOf(inputNames);
    this.int32Inputs = Set.copyOf(int32Inputs);
    this.attentionOutputs = List.copyOf(attentionOutputs);
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<EncodedText> batch) {
    // Padding keeps id 0 and mask 0: masked keys get exactly zero attention, and padded rows are
    // cut off.
    PaddedBatch padded = PaddedBatch.of(batch, PaddedBatch.longest(batch), 0L);
    long[] positions = new long[padded.size * padded.padded];
    for (int b = 0; b < padded.size; b++) {
      for (int t = 0; t < padded.padded; t++) {
        positions[b * padded.padded + t] = t;
      }
    }
    ctx.setAttachment(LENGTHS, padded.lengths);
    ctx.setAttachment(PADDED_LENGTH, padded.padded);
    return padded.inputs(
        ctx.getNDManager(),
        inputNames,
        int32Inputs,
        Map.of(
            "input_ids",
            padded.ids,
            "attention_mask",
            padded.mask,
            "token_type_ids",
            padded.typeIds,
            "position_ids",
            positions),
        "a text encoder takes (input_ids, attention_mask, token_type_ids, position_ids)");
  }

  @Override
  public List<float[][][][]> processOutput(TranslatorContext ctx, NDList outputs) {
    return perExample(
        outputs,
        attentionOutputs,
        (int[]) ctx.getAttachment(LENGTHS),
        (Integer) ctx.getAttachment(PADDED_LENGTH));
  }

  /**
   * Splits the attention outputs of a batch into each example's [layer][head][from][to], cutting
   * padding off.
   *
   * @param lengths each example's unpadded length
   * @param padded the batch's padded length (the outputs' last two dimensions)
   */
  public static List<float[][][][]> perExample(
      NDList outputs, List<String> attentionOutputs, int[] lengths, int padded) {
    int batch = lengths.length;
    // No names (TorchScript): every output is one layer's attention, in layer order.
    boolean positional = attentionOutputs.isEmpty();
    int layers = positional ? outputs.size() : attentionOutputs.size();
    List<float[][][][]> perText = new ArrayList<>(batch);
    for (int b = 0; b < batch; b++) {
      perText.add(new float[layers][][][]);
    }
    for (int layer = 0; layer < layers; layer++) {
      String name = positional ? "output " + layer : attentionOutputs.get(layer);
      NDArray array = positional ? outputs.get(layer) : outputs.get(name);
      if (array == null) {
        throw new IllegalStateException("ONNX Runtime returned no output '" + name + "'");
      }
      int heads = headsOf(array.getShape(), batch, padded, name);
      float[] flat = array.toFloatArray();
      for (int b = 0; b < batch; b++) {
        int length = lengths[b];
        float[][][] layerOfText = new float[heads][length][length];
        for (int head = 0; head < heads; head++) {
          // Both layouts store (batch, head) blocks of padded x padded floats in the same order.
          long block = ((long) b * heads + head) * padded * padded;
          for (int from = 0; from < length; from++) {
            System.arraycopy(
                flat, (int) (block + (long) from * padded), layerOfText[head][from], 0, length);
          }
        }
        perText.get(b)[layer] = layerOfText;
      }
    }
    return perText;
  }

  /**
   * Heads per layer from an attention tensor's shape, which must be [b, h, s, s] or [b * h, s, s].
   */
  static int headsOf(Shape shape, int batch, int padded, String name) {
    long[] dims = shape.getShape();
    boolean square =
        dims.length >= 3 && dims[dims.length - 1] == padded && dims[dims.length - 2] == padded;
    if (square && dims.length == 4 && dims[0] == batch) {
      return (int) dims[1];
    }
    if (square && dims.length == 3 && dims[0] % batch == 0) {
      return (int) (dims[0] / batch);
    }
    throw new IllegalStateException(
        "attention output '"
            + name
            + "' has shape "
            + shape
            + "; expected [batch="
            + batch
            + ", heads, "
            + padded
            + ", "
            + padded
            + "] or [batch * heads, "
            + padded
            + ", "
            + padded
            + "]: this Softmax is not self-attention over the input tokens");
  }
}
