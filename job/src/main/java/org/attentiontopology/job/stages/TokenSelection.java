package org.attentiontopology.job.stages;

import org.attentiontopology.tokens.TokenClasses;

/**
 * Which tokens of an example take part in the analysis. By default all of them, special tokens
 * included, exactly as the model gives them. When special tokens are excluded their rows and
 * columns are removed and every remaining row is renormalised to sum to 1 (the run records this),
 * because a Jensen-Shannon distance needs distributions; a row that put all its mass on special
 * tokens has nothing left and the example is rejected with a clear error.
 */
public final class TokenSelection {
  private TokenSelection() {}

  /** The kept positions and the attention restricted to them. */
  public record Selected(int[] positions, String[] tokens, float[][][][] attention) {}

  public static Selected select(String[] tokens, float[][][][] attention, boolean keepSpecial) {
    if (keepSpecial) {
      int[] all = new int[tokens.length];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return new Selected(all, tokens, attention);
    }
    int kept = 0;
    for (String t : tokens) {
      if (!TokenClasses.isSpecialToken(t)) {
        kept++;
      }
    }
    if (kept == 0) {
      throw new IllegalArgumentException(
          "every token is a special token; with tokens.keep-special=false nothing "
              + "is left to analyse");
    }
    int[] positions = new int[kept];
    String[] keptTokens = new String[kept];
    for (int i = 0, k = 0; i < tokens.length; i++) {
      if (!TokenClasses.isSpecialToken(tokens[i])) {
        positions[k] = i;
        keptTokens[k++] = tokens[i];
      }
    }
    float[][][][] out = new float[attention.length][][][];
    for (int l = 0; l < attention.length; l++) {
      out[l] = new float[attention[l].length][][];
      for (int h = 0; h < attention[l].length; h++) {
        out[l][h] = restrict(attention[l][h], positions, l, h, tokens);
      }
    }
    return new Selected(positions, keptTokens, out);
  }

  private static float[][] restrict(
      float[][] a, int[] positions, int layer, int head, String[] tokens) {
    float[][] out = new float[positions.length][positions.length];
    for (int r = 0; r < positions.length; r++) {
      double mass = 0;
      for (int c = 0; c < positions.length; c++) {
        mass += a[positions[r]][positions[c]];
      }
      if (!(mass > 0)) {
        throw new IllegalArgumentException(
            "layer "
                + layer
                + ", head "
                + head
                + ": token '"
                + tokens[positions[r]]
                + "' at position "
                + positions[r]
                + " attends only to special tokens; keep them "
                + "(tokens.keep-special=true) to analyse this example");
      }
      for (int c = 0; c < positions.length; c++) {
        out[r][c] = (float) (a[positions[r]][positions[c]] / mass);
      }
    }
    return out;
  }
}
