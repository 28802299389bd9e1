package org.attentiontopology.job.model.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.attentiontopology.job.model.family.ModelKind;

/**
 * How a {@link ModelKind#LONGFORMER} model is fed: its attention window, which tokens get global
 * attention, and the token id that pads a batch.
 *
 * <p>A list rather than an array, so that specs compare by value (they key the per-JVM model
 * cache).
 *
 * @param attentionWindow HuggingFace's {@code attention_window} w: even, w/2 tokens on each side of
 *     a token; every batch is padded to a multiple of it, as HuggingFace's LongformerModel pads
 *     before its layers
 * @param globalTokens positions in the token sequence (special tokens included) that attend to, and
 *     are attended by, every token: 0 is the first token ({@code <s>}, as Longformer's classifiers
 *     use it), negative positions count from the end (-1 is {@code </s>}); positions a short text
 *     lacks are left out for that text. At least one: an export traces its global branch only with
 *     one
 * @param padTokenId the id of the padding token fed beyond each text (RoBERTa's and Longformer's
 *     {@code <pad>} is 1; RoBERTa-style position ids skip it)
 */
public record LongformerSettings(int attentionWindow, List<Integer> globalTokens, int padTokenId)
    implements Serializable {

  public LongformerSettings {
    if (attentionWindow < 2 || attentionWindow % 2 != 0) {
      throw new IllegalArgumentException(
          "attention_window "
              + attentionWindow
              + " must be even and at least 2"
              + " (w/2 tokens on each side, as HuggingFace's Longformer requires)");
    }
    globalTokens = List.copyOf(Objects.requireNonNull(globalTokens, "globalTokens"));
    if (globalTokens.isEmpty()) {
      throw new IllegalArgumentException(
          "global_tokens is empty: name at least one global position, e.g. [0]"
              + " for <s>; a Longformer export computes global attention only when some token is global");
    }
    if (padTokenId < 0) {
      throw new IllegalArgumentException(
          "pad_token_id " + padTokenId + " must be a token id (at least 0)");
    }
  }

  /**
   * The global positions of a text of {@code length} tokens: increasing, without repeats, within
   * 0..length-1.
   */
  public int[] globalPositions(int length) {
    TreeSet<Integer> positions = new TreeSet<>();
    for (int position : globalTokens) {
      int resolved = position < 0 ? position + length : position;
      if (resolved >= 0 && resolved < length) {
        positions.add(resolved);
      }
    }
    return positions.stream().mapToInt(Integer::intValue).toArray();
  }

  /** {@code length} rounded up to a multiple of the attention window. */
  public int paddedLength(int length) {
    return (length + attentionWindow - 1) / attentionWindow * attentionWindow;
  }
}
