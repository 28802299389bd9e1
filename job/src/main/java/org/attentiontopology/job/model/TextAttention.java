package org.attentiontopology.job.model;

import java.util.Objects;
import org.attentiontopology.job.model.family.vision.PatchTokens;

/**
 * The attention of every layer and head of a model on one input: a text, or an image for vision
 * models (whose tokens are [CLS] and patch labels, {@link PatchTokens}).
 *
 * <p>Arrays are shared, not copied: treat them as read-only. Being a record over arrays, {@code
 * equals} compares array identity; compare contents with {@link java.util.Arrays#deepEquals}.
 *
 * @param tokens word pieces as the model saw them, special tokens ([CLS], [SEP]) included;
 *     byte-level pieces ({@code Ġthe}) for GPT-2 style decoders and, between {@code <s>} and {@code
 *     </s>}, Longformers; {@code [CLS]}, {@code patch_r_c} for images
 * @param tokenIds their vocabulary ids
 * @param truncated whether the text had more tokens than the model's max length and was cut
 * @param untruncatedLength the text's token count before truncation, special tokens included
 * @param attention [layer][head][from][to], T x T per head with T = {@code tokens.length} (no
 *     padding); every row sums to 1 within the model spec's tolerance (a Longformer's banded
 *     attention is expanded, with zeros outside each token's window and the global tokens)
 */
public record TextAttention(
    String[] tokens,
    int[] tokenIds,
    boolean truncated,
    int untruncatedLength,
    float[][][][] attention) {

  public TextAttention {
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(tokenIds, "tokenIds");
    Objects.requireNonNull(attention, "attention");
    if (tokenIds.length != tokens.length) {
      throw new IllegalArgumentException(tokens.length + " tokens but " + tokenIds.length + " ids");
    }
    if (attention.length > 0
        && attention[0].length > 0
        && attention[0][0].length != tokens.length) {
      throw new IllegalArgumentException(
          "attention is "
              + attention[0][0].length
              + " x "
              + attention[0][0].length
              + " for "
              + tokens.length
              + " tokens");
    }
  }

  /** Number of tokens T, special tokens included. */
  public int length() {
    return tokens.length;
  }

  /** Number of layers. */
  public int layers() {
    return attention.length;
  }

  /** Number of heads per layer. */
  public int heads() {
    return attention.length == 0 ? 0 : attention[0].length;
  }

  /** The T x T attention of one head, [from][to]. */
  public float[][] head(int layer, int head) {
    return attention[layer][head];
  }
}
