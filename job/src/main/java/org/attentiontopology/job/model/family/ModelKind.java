package org.attentiontopology.job.model.family;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.attentiontopology.job.model.family.longformer.LongformerFamily;
import org.attentiontopology.job.model.family.text.DecoderFamily;
import org.attentiontopology.job.model.family.text.EncoderFamily;
import org.attentiontopology.job.model.family.vision.VisionFamily;

/**
 * The registry of model families: each kind a spec may name ({@code kind = encoder}, ...) and the
 * one {@link ModelFamily} that checks, loads and reads models of that kind. Nothing outside a
 * family asks which kind a model is; it asks the family. Adding a kind is one constant here, its
 * family, a spec and a test.
 */
public enum ModelKind {
  /** Bidirectional text encoder (BERT, MiniLM, bge, e5): full T x T attention. */
  ENCODER(new EncoderFamily()),
  /**
   * Causal text decoder (GPT-2 and the like): lower-triangular attention, byte-level BPE tokens.
   */
  DECODER(new DecoderFamily()),
  /** Vision transformer over image patches: tokens [CLS] and patch_r_c. */
  VISION(new VisionFamily()),
  /**
   * Longformer: a text encoder with sliding-window attention plus global tokens, expanded to T x T
   * rows.
   */
  LONGFORMER(new LongformerFamily());

  private final ModelFamily family;

  ModelKind(ModelFamily family) {
    this.family = family;
  }

  /** The family that checks, loads and reads models of this kind. */
  public ModelFamily family() {
    return family;
  }

  /**
   * Parses the spelling used in model spec files ({@code encoder}, {@code decoder}, ...),
   * case-insensitively.
   *
   * @throws IllegalArgumentException naming the text and every kind there is
   */
  public static ModelKind parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown model kind '" + text + "': expected one of " + spellings(), e);
    }
  }

  /** Every kind as spec files spell it, in declaration order: "encoder, decoder, ...". */
  public static String spellings() {
    return Arrays.stream(values()).map(ModelKind::configName).collect(Collectors.joining(", "));
  }

  /** The spelling used in model spec files. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
