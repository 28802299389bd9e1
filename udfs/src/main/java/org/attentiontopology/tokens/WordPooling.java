package org.attentiontopology.tokens;

/**
 * Word-level attention from word-piece attention, by Clark et al. 2019's convention: attention
 * <i>to</i> a split word is the sum of the attention to its pieces (columns added), attention
 * <i>from</i> a split word is the mean of its pieces' rows. Pooled rows therefore still sum to 1
 * when the piece rows do.
 *
 * <p>Word boundaries come from the tokens:
 *
 * <ul>
 *   <li>{@link Style#BERT} (WordPiece): a token starting with {@code ##} continues the previous
 *       word;
 *   <li>{@link Style#BYTE_LEVEL_BPE} (RoBERTa, GPT-2): a token starting with {@code Ġ} starts a
 *       word, a token without it continues the previous word.
 * </ul>
 *
 * In both styles special tokens ({@link TokenClasses#isSpecialToken}) are always a word of their
 * own, and a continuation token at position 0 or right after a special token starts a word.
 */
public final class WordPooling {
  private WordPooling() {}

  /** How a tokenizer marks word boundaries. */
  public enum Style {
    /** WordPiece: {@code ##} marks a continuation. */
    BERT,
    /** Byte-level BPE: {@code Ġ} marks a word start. */
    BYTE_LEVEL_BPE;

    /** BYTE_LEVEL_BPE when some token starts with {@code Ġ}, BERT otherwise. */
    public static Style detect(String[] tokens) {
      for (String t : tokens) {
        if (t != null && t.startsWith("Ġ")) {
          return BYTE_LEVEL_BPE;
        }
      }
      return BERT;
    }
  }

  /** The word index (0, 1, ...) of every token; non-decreasing, starting at 0. */
  public static int[] wordIndexOfToken(String[] tokens, Style style) {
    int[] out = new int[tokens.length];
    int word = -1;
    boolean previousSpecial = true;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      boolean special = TokenClasses.isSpecialToken(t);
      if (special || previousSpecial || startsWord(t, style)) {
        word++;
      }
      out[i] = word;
      previousSpecial = special;
    }
    return out;
  }

  /** Number of words: 1 + the last word index, 0 for no tokens. */
  public static int wordCount(int[] wordOfToken) {
    return wordOfToken.length == 0 ? 0 : wordOfToken[wordOfToken.length - 1] + 1;
  }

  /** The words of {@code tokens}: pieces joined, {@code ##} and a leading {@code Ġ} removed. */
  public static String[] words(String[] tokens, Style style) {
    return words(tokens, wordIndexOfToken(tokens, style));
  }

  /**
   * The words of {@code tokens} given their word indices (non-decreasing, from {@link
   * #wordIndexOfToken}).
   */
  public static String[] words(String[] tokens, int[] wordOfToken) {
    if (tokens.length != wordOfToken.length) {
      throw new IllegalArgumentException(
          tokens.length + " tokens but " + wordOfToken.length + " word indices");
    }
    StringBuilder[] builders = new StringBuilder[wordCount(wordOfToken)];
    for (int i = 0; i < tokens.length; i++) {
      int w = wordOfToken[i];
      if (w < 0 || w >= builders.length) {
        throw new IllegalArgumentException(
            "word index "
                + w
                + " of token "
                + i
                + " outside 0.."
                + (builders.length - 1)
                + ": indices must be non-decreasing");
      }
      if (builders[w] == null) {
        builders[w] = new StringBuilder();
      }
      builders[w].append(strip(tokens[i]));
    }
    String[] out = new String[builders.length];
    for (int w = 0; w < out.length; w++) {
      if (builders[w] == null) {
        throw new IllegalArgumentException("word " + w + " has no tokens");
      }
      out[w] = builders[w].toString();
    }
    return out;
  }

  /**
   * A token without its {@code ##} (WordPiece continuation) or leading {@code Ġ} (byte-level BPE
   * word start).
   */
  public static String strip(String token) {
    if (token.startsWith("##") && token.length() > 2) {
      return token.substring(2);
    }
    if (token.startsWith("Ġ")) {
      return token.substring(1);
    }
    return token;
  }

  /**
   * Pools the piece-level matrix {@code a} (T x T) to a {@code words x words} matrix: out[u][v] =
   * mean over pieces i of word u of (sum over pieces j of word v of a[i][j]). Every word must have
   * at least one token.
   */
  public static float[][] pool(float[][] a, int[] wordOfToken, int words) {
    int t = Matrices.requireSquare(a, "attention matrix");
    if (wordOfToken.length != t) {
      throw new IllegalArgumentException(
          "attention matrix is "
              + t
              + " x "
              + t
              + " but there are "
              + wordOfToken.length
              + " word indices");
    }
    int[] pieces = new int[words];
    for (int i = 0; i < t; i++) {
      int w = wordOfToken[i];
      if (w < 0 || w >= words) {
        throw new IllegalArgumentException(
            "word index " + w + " of token " + i + " outside 0.." + (words - 1));
      }
      pieces[w]++;
    }
    for (int w = 0; w < words; w++) {
      if (pieces[w] == 0) {
        throw new IllegalArgumentException("word " + w + " has no tokens");
      }
    }
    double[][] sums = new double[words][words];
    for (int i = 0; i < t; i++) {
      double[] target = sums[wordOfToken[i]];
      float[] row = a[i];
      for (int j = 0; j < t; j++) {
        target[wordOfToken[j]] += row[j];
      }
    }
    float[][] out = new float[words][words];
    for (int u = 0; u < words; u++) {
      double inverse = 1.0 / pieces[u];
      for (int v = 0; v < words; v++) {
        out[u][v] = (float) (sums[u][v] * inverse);
      }
    }
    return out;
  }

  /** {@link #pool(float[][], int[], int)} with word indices from the tokens. */
  public static float[][] pool(float[][] a, String[] tokens, Style style) {
    int[] wordOfToken = wordIndexOfToken(tokens, style);
    return pool(a, wordOfToken, wordCount(wordOfToken));
  }

  private static boolean startsWord(String token, Style style) {
    switch (style) {
      case BERT:
        return !(token.startsWith("##") && token.length() > 2);
      case BYTE_LEVEL_BPE:
        return token.startsWith("Ġ");
      default:
        throw new AssertionError(style);
    }
  }
}
