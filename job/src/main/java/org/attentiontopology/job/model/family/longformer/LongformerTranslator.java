package org.attentiontopology.job.model.family.longformer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.family.text.EncodedText;
import org.attentiontopology.job.model.family.text.PaddedBatch;
import org.attentiontopology.job.model.onnx.AttentionExposure;
import org.attentiontopology.job.model.spec.LongformerSettings;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * DJL translator for a Longformer ONNX export whose attention Softmax nodes were exposed ({@link
 * AttentionExposure}): feeds {@code input_ids}, {@code attention_mask} and {@code
 * global_attention_mask}, and turns each layer's banded local and global attention into every
 * text's full [layer][head][from][to] rows ({@link LongformerAttention}).
 *
 * <p>Inputs: a batch is padded to a multiple of the attention window w (HuggingFace's
 * LongformerModel pads so before its layers; padding here makes that a no-op) with the spec's pad
 * token, attention_mask 0 and no global attention. Global positions come from the spec ({@link
 * LongformerSettings#globalPositions}).
 *
 * <p>Outputs, in the layouts of HuggingFace's LongformerSelfAttention Softmax nodes, with T the
 * padded length and x the most global tokens of any text in the batch:
 *
 * <ul>
 *   <li>local: {@code [batch, T, heads, x + w + 1]}, each token's weights to the x global tokens
 *       (in position order; a text with fewer global tokens has zero columns for the empty slots),
 *       then to offsets -w/2..+w/2;
 *   <li>global: {@code [batch * heads, x, T]}, each global token's row over every position.
 * </ul>
 *
 * They are told apart by their rank and shape, not by name, and paired per layer in the exposure's
 * (layer) order.
 */
public final class LongformerTranslator
    implements NoBatchifyTranslator<List<EncodedText>, List<float[][][][]>> {

  /** Inputs a Longformer export may take; the first three it must take. */
  private static final List<String> REQUIRED_INPUTS =
      List.of("input_ids", "attention_mask", "global_attention_mask");

  private static final Set<String> KNOWN_INPUTS =
      Set.of("input_ids", "attention_mask", "global_attention_mask", "token_type_ids");

  private static final String LENGTHS = "lengths";
  private static final String GLOBALS = "globals";
  private static final String PADDED_LENGTH = "paddedLength";

  private final List<String> inputNames;
  private final Set<String> int32Inputs;
  private final List<String> attentionOutputs;
  private final LongformerSettings settings;

  private LongformerTranslator(
      List<String> inputNames,
      Set<String> int32Inputs,
      List<String> attentionOutputs,
      LongformerSettings settings) {
    this.inputNames = List.copyOf(inputNames);
    this.int32Inputs = Set.copyOf(int32Inputs);
    this.attentionOutputs = List.copyOf(attentionOutputs);
    this.settings = settings;
  }

  /**
   * The translator for an exposed Longformer graph, after checking what can be checked without
   * running it: the inputs, and two attention Softmax nodes per layer. Shapes are checked on every
   * batch (the load's probe first).
   *
   * @throws ModelLoadException naming the file and what to do
   */
  public static LongformerTranslator forExposure(
      ModelSpec spec, AttentionExposure exposure, String origin) {
    List<String> inputs = exposure.inputNames();
    for (String required : REQUIRED_INPUTS) {
      if (!inputs.contains(required)) {
        throw new ModelLoadException(
            "ONNX model "
                + origin
                + " of longformer model '"
                + spec.name()
                + "' takes inputs "
                + inputs
                + " without "
                + required
                + ": a Longformer export takes "
                + REQUIRED_INPUTS
                + ". Export it with scripts/export-hf-model.py MODEL_ID OUT_DIR"
                + " --kind longformer, or use the kind the model really is.");
      }
    }
    for (String input : inputs) {
      if (!KNOWN_INPUTS.contains(input)) {
        throw new ModelLoadException(
            "ONNX model "
                + origin
                + " of longformer model '"
                + spec.name()
                + "' takes input '"
                + input
                + "', which the job cannot feed (it feeds "
                + KNOWN_INPUTS
                + "): export the model with only those inputs.");
      }
    }
    if (exposure.layers() % 2 != 0) {
      throw new ModelLoadException(
          "ONNX model "
              + origin
              + " of longformer model '"
              + spec.name()
              + "' has "
              + exposure.layers()
              + " attention Softmax nodes, but a Longformer export has two per layer: banded"
              + " local attention and the global tokens' attention. Export it with a global token in the"
              + " example input (scripts/export-hf-model.py does), so that the global branch is traced.");
    }
    return new LongformerTranslator(
        inputs, exposure.int32Inputs(), exposure.attentionOutputs(), spec.longformer());
  }

  @Override
  public NDList processInput(TranslatorContext ctx, List<EncodedText> batch) {
    PaddedBatch padded =
        PaddedBatch.of(
            batch, settings.paddedLength(PaddedBatch.longest(batch)), settings.padTokenId());
    long[] global = new long[padded.size * padded.padded];
    int[][] globals = new int[padded.size][];
    for (int b = 0; b < padded.size; b++) {
      globals[b] = settings.globalPositions(padded.lengths[b]);
      for (int position : globals[b]) {
        global[b * padded.padded + position] = 1L;
      }
    }
    ctx.setAttachment(LENGTHS, padded.lengths);
    ctx.setAttachment(GLOBALS, globals);
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
            "global_attention_mask",
            global,
            "token_type_ids",
            padded.typeIds),
        "a Longformer takes " + KNOWN_INPUTS);
  }

  @Override
  public List<float[][][][]> processOutput(TranslatorContext ctx, NDList outputs) {
    List<long[]> shapes = new ArrayList<>(attentionOutputs.size());
    List<float[]> values = new ArrayList<>(attentionOutputs.size());
    for (String name : attentionOutputs) {
      NDArray array = outputs.get(name);
      if (array == null) {
        throw new IllegalStateException("ONNX Runtime returned no output '" + name + "'");
      }
      shapes.add(array.getShape().getShape());
      values.add(array.toFloatArray());
    }
    return perExample(
        attentionOutputs,
        shapes,
        values,
        (int[]) ctx.getAttachment(LENGTHS),
        (int[][]) ctx.getAttachment(GLOBALS),
        (Integer) ctx.getAttachment(PADDED_LENGTH),
        settings.attentionWindow());
  }

  /**
   * Every text's full attention from a batch's exposed outputs.
   *
   * @param names the outputs' names, in the exposure's layer order, for messages
   * @param shapes each output's shape
   * @param values each output's values, row-major
   * @param lengths each text's unpadded length
   * @param globals each text's global positions, increasing
   * @param padded the batch's padded length
   * @param window the attention window w
   * @return per text, [layer][head][from][to] over its own tokens
   * @throws IllegalStateException when an output has neither layout, or layers lack their local or
   *     global part
   */
  static List<float[][][][]> perExample(
      List<String> names,
      List<long[]> shapes,
      List<float[]> values,
      int[] lengths,
      int[][] globals,
      int padded,
      int window) {
    int batch = lengths.length;
    int slots = 0;
    for (int[] positions : globals) {
      slots = Math.max(slots, positions.length);
    }
    List<Integer> locals = new ArrayList<>();
    List<Integer> globalOutputs = new ArrayList<>();
    for (int k = 0; k < names.size(); k++) {
      long[] dims = shapes.get(k);
      // Ranks differ, so the two layouts cannot be mistaken for one another whatever the sizes.
      boolean local =
          dims.length == 4
              && dims[0] == batch
              && dims[1] == padded
              && dims[3] == slots + window + 1;
      boolean global =
          dims.length == 3 && dims[0] % batch == 0 && dims[1] == slots && dims[2] == padded;
      if (local) {
        locals.add(k);
      } else if (global) {
        globalOutputs.add(k);
      } else {
        throw new IllegalStateException(
            "attention output '"
                + names.get(k)
                + "' has shape "
                + Arrays.toString(dims)
                + " for a batch of "
                + batch
                + " padded to "
                + padded
                + " tokens with "
                + slots
                + " global tokens; a Longformer export must give banded local attention [batch="
                + batch
                + ", "
                + padded
                + ", heads, x + w + 1 = "
                + (slots + window + 1)
                + "] and global"
                + " attention [batch * heads, x = "
                + slots
                + ", "
                + padded
                + "] (HuggingFace's"
                + " LongformerSelfAttention Softmax layouts; check attention_window = "
                + window
                + ")");
      }
    }
    if (locals.size() != globalOutputs.size()) {
      throw new IllegalStateException(
          "the export gives "
              + locals.size()
              + " banded local and "
              + globalOutputs.size()
              + " global attention outputs: a Longformer export has one of each per"
              + " layer (one exported without a global token in its example input lacks the global ones)");
    }
    int layers = locals.size();
    List<float[][][][]> perText = new ArrayList<>(batch);
    for (int b = 0; b < batch; b++) {
      perText.add(new float[layers][][][]);
    }
    for (int layer = 0; layer < layers; layer++) {
      long[] localDims = shapes.get(locals.get(layer));
      long[] globalDims = shapes.get(globalOutputs.get(layer));
      int heads = (int) localDims[2];
      if (globalDims[0] != (long) batch * heads) {
        throw new IllegalStateException(
            "layer "
                + layer
                + " has "
                + heads
                + " heads of local attention but"
                + " its global attention '"
                + names.get(globalOutputs.get(layer))
                + "' has shape "
                + Arrays.toString(globalDims)
                + ", not [batch * heads = "
                + batch * heads
                + ", ...]");
      }
      float[] local = values.get(locals.get(layer));
      float[] global = values.get(globalOutputs.get(layer));
      int columns = slots + window + 1;
      for (int b = 0; b < batch; b++) {
        int length = lengths[b];
        int own = globals[b].length;
        float[][][] banded = new float[heads][length][own + window + 1];
        float[][][] globalRows = new float[heads][own][length];
        for (int head = 0; head < heads; head++) {
          for (int i = 0; i < length; i++) {
            int row = ((b * padded + i) * heads + head) * columns;
            // This text's global columns, then the band; the empty slots between them are dropped.
            System.arraycopy(local, row, banded[head][i], 0, own);
            System.arraycopy(local, row + slots, banded[head][i], own, window + 1);
          }
          for (int r = 0; r < own; r++) {
            System.arraycopy(
                global, ((b * heads + head) * slots + r) * padded, globalRows[head][r], 0, length);
          }
        }
        perText.get(b)[layer] = LongformerAttention.toFull(banded, globals[b], globalRows, window);
      }
    }
    return perText;
  }
}
