package org.attentiontopology.job.model.family.longformer;

import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.family.text.TextFamily;
import org.attentiontopology.job.model.onnx.AttentionExposure;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * Longformers: text encoders with sliding-window attention plus global tokens. Each layer of the
 * export has two attention Softmax nodes, banded local attention and the global tokens' rows, which
 * {@link LongformerTranslator} feeds (global_attention_mask from the spec's {@link
 * org.attentiontopology.job.model.spec.LongformerSettings}) and expands to T x T rows ({@link
 * LongformerAttention}). ONNX only: the attention is read from the graph's Softmax nodes.
 */
public final class LongformerFamily extends TextFamily {

  @Override
  public int softmaxesPerLayer() {
    return 2; // banded local and global attention per layer
  }

  @Override
  public void check(ModelSpec spec) {
    if (spec.longformer() == null) {
      throw new IllegalArgumentException(
          "longformer model '"
              + spec.name()
              + "' needs attention_window (and may set"
              + " global_tokens, default [0], and pad_token_id, default 1)");
    }
    if (spec.longformer().paddedLength(spec.maxLength()) > spec.maxPositions()) {
      // Batches are padded to a multiple of the window, and the padding needs positions too.
      throw new IllegalArgumentException(
          "max_length of longformer model '"
              + spec.name()
              + "' is "
              + spec.maxLength()
              + ", which pads to "
              + spec.longformer().paddedLength(spec.maxLength())
              + " (a multiple of attention_window = "
              + spec.longformer().attentionWindow()
              + ") beyond max_positions = "
              + spec.maxPositions()
              + ": lower max_length to a multiple of the window");
    }
    requireTokenizer(spec);
  }

  @Override
  protected Reading readOnnx(ModelSpec spec, AttentionExposure exposure, String origin) {
    return new Reading(
        LongformerTranslator.forExposure(spec, exposure, origin),
        exposure.layers() / softmaxesPerLayer());
  }

  @Override
  protected Reading readTorchScript(ModelSpec spec, String origin) {
    throw new ModelLoadException(
        "longformer model '"
            + spec.name()
            + "' names TorchScript file "
            + origin
            + ": a Longformer loads from an ONNX export only (its attention is read from the graph's"
            + " Softmax nodes); export it with scripts/export-hf-model.py --kind longformer.");
  }
}
