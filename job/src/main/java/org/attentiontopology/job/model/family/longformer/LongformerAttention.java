package org.attentiontopology.job.model.family.longformer;

import java.util.Arrays;

/**
 * Expands Longformer's banded attention into full T x T rows, so that the analysis sees it like any
 * other model's.
 *
 * <p>HuggingFace's Longformer returns, per layer, the local attention {@code [batch, heads, T, x +
 * w + 1]}: for each query token, its weights to the x global tokens (in position order) and then to
 * the band of relative offsets -w/2 .. +w/2 around it ({@code w} = attention_window, even). In the
 * band, global key positions (and positions outside the sequence) carry zero: their weight sits in
 * the first x columns instead. A global token attends to every token; its full row comes from the
 * separate global attention output, one row of T weights per global token (HuggingFace computes it
 * as [batch, heads, x, T]; some versions document it transposed, as [batch, heads, T, x]: transpose
 * it to rows before calling this). A global token's row in the local output is ignored.
 */
public final class LongformerAttention {

  private LongformerAttention() {}

  /**
   * One head's full attention.
   *
   * @param local [T][x + window + 1]: weights to the global tokens, then the band of offsets
   *     -w/2..+w/2
   * @param globalIndices the positions of the x global tokens, increasing
   * @param globalRows [x][T]: each global token's attention to every position
   * @param window HuggingFace's attention_window w (both sides together; w/2 on each side)
   * @return [T][T], row i the attention of token i to every position
   */
  public static float[][] toFull(
      float[][] local, int[] globalIndices, float[][] globalRows, int window) {
    if (window < 0 || window % 2 != 0) {
      throw new IllegalArgumentException(
          "attention_window " + window + " must be even and non-negative");
    }
    int length = local.length;
    int globals = globalIndices.length;
    int half = window / 2;
    if (globalRows.length != globals) {
      throw new IllegalArgumentException(
          globals + " global tokens but " + globalRows.length + " global rows");
    }
    int[] globalAt = new int[length]; // position -> index among the global tokens, or -1
    Arrays.fill(globalAt, -1);
    for (int k = 0; k < globals; k++) {
      int position = globalIndices[k];
      if (position < 0 || position >= length || (k > 0 && position <= globalIndices[k - 1])) {
        throw new IllegalArgumentException(
            "global token positions must be increasing and within 0.."
                + (length - 1)
                + ": "
                + Arrays.toString(globalIndices));
      }
      globalAt[position] = k;
    }
    float[][] full = new float[length][];
    for (int i = 0; i < length; i++) {
      if (globalAt[i] >= 0) {
        float[] row = globalRows[globalAt[i]];
        if (row.length != length) {
          throw new IllegalArgumentException(
              "global row of token "
                  + i
                  + " has "
                  + row.length
                  + " weights for "
                  + length
                  + " tokens");
        }
        full[i] = row.clone();
        continue;
      }
      float[] banded = local[i];
      if (banded.length != globals + window + 1) {
        throw new IllegalArgumentException(
            "local attention row "
                + i
                + " has "
                + banded.length
                + " columns;"
                + " expected x + w + 1 = "
                + globals
                + " + "
                + window
                + " + 1");
      }
      float[] row = new float[length];
      for (int k = 0; k < globals; k++) {
        row[globalIndices[k]] = banded[k];
      }
      for (int offset = -half; offset <= half; offset++) {
        int j = i + offset;
        // Global keys were masked out of the band; their weight is the one just placed from column
        // k.
        if (j >= 0 && j < length && globalAt[j] < 0) {
          row[j] = banded[globals + half + offset];
        }
      }
      full[i] = row;
    }
    return full;
  }

  /**
   * Every head of one layer: {@code local} [heads][T][x + w + 1], {@code globalRows} [heads][x][T]
   * to [heads][T][T].
   */
  public static float[][][] toFull(
      float[][][] local, int[] globalIndices, float[][][] globalRows, int window) {
    if (local.length != globalRows.length) {
      throw new IllegalArgumentException(
          local.length + " heads of local but " + globalRows.length + " of global attention");
    }
    float[][][] full = new float[local.length][][];
    for (int head = 0; head < local.length; head++) {
      full[head] = toFull(local[head], globalIndices, globalRows[head], window);
    }
    return full;
  }
}
