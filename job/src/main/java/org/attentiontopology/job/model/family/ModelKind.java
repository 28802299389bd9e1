package org.attentiontopology.job.model.family;

import java.util.Locale;
import org.attentiontopology.job.model.family.longformer.LongformerAttention;
import org.attentiontopology.job.model.family.longformer.LongformerTranslator;
import org.attentiontopology.job.model.family.vision.ImageAttentionModel;
import org.attentiontopology.job.model.spec.LongformerSettings;

/** The family of a model, which decides how inputs are built and how attention is read back. */
public enum ModelKind {
  /** Bidirectional text encoder (BERT, MiniLM, bge, e5): full T x T attention. */
  ENCODER,
  /**
   * Causal text decoder (GPT-2 and the like): lower-triangular attention, byte-level BPE tokens.
   */
  DECODER,
  /**
   * Vision transformer over image patches: tokens [CLS] and patch_r_c ({@link
   * ImageAttentionModel}).
   */
  VISION,
  /**
   * Longformer: a text encoder with sliding-window attention plus global tokens. Its export
   * returns, per layer, banded local attention and the global tokens' rows ({@link
   * LongformerTranslator}), expanded to T x T by {@link LongformerAttention}; which tokens are
   * global is the spec's choice ({@link LongformerSettings}).
   */
  LONGFORMER;

  /** Whether inputs are texts cut into tokens by a tokenizer.json (every kind but vision). */
  public boolean readsText() {
    return this != VISION;
  }

  /**
   * Parses the spelling used in model spec files ({@code encoder}, {@code decoder}, ...),
   * case-insensitively.
   */
  public static ModelKind parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown model kind '"
              + text
              + "': expected one of encoder, decoder,"
              + " vision, longformer",
          e);
    }
  }

  /** The spelling used in model spec files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
