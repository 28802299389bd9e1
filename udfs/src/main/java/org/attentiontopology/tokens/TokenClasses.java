package org.attentiontopology.tokens;

/**
 * Classes of the tokens of one example, for the attention statistics of {@link AttentionPatterns}.
 *
 * <ul>
 *   <li><b>first</b>: position 0 ({@code [CLS]} in BERT, {@code <s>} in RoBERTa, whatever comes
 *       first in GPT-2).
 *   <li><b>special</b>: a tokenizer's marker token: {@code [CLS]}, {@code [SEP]}, {@code [PAD]},
 *       {@code [MASK]}, {@code [UNK]} (any {@code [UPPER_CASE]}), {@code <s>}, {@code </s>}, {@code
 *       <pad>}, {@code <unk>}, {@code <mask>} (any {@code <lower_case>} or {@code </lower_case>})
 *       and {@code <|endoftext|>}-style tokens.
 *   <li><b>separator</b>: {@code [SEP]} and {@code </s>}.
 *   <li><b>punctuation</b>: a token that is not special and, after removing a leading {@code Ġ}
 *       (byte-level BPE word start) or {@code ##} (WordPiece continuation), is non-empty and made
 *       only of punctuation: Unicode punctuation categories (Pc, Pd, Ps, Pe, Pi, Pf, Po) plus the
 *       ASCII symbols of Python's {@code string.punctuation} ({@code $ + < = > ^ ` | ~}). So {@code
 *       .}, {@code ,}, {@code ?!}, {@code Ġ.} and {@code "} are punctuation; {@code Ġ}, {@code 's}
 *       and {@code [SEP]} are not.
 * </ul>
 */
public final class TokenClasses implements java.io.Serializable {
  private static final long serialVersionUID = 1L;
  private final boolean[] special;
  private final boolean[] separator;
  private final boolean[] punctuation;

  private TokenClasses(boolean[] special, boolean[] separator, boolean[] punctuation) {
    this.special = special;
    this.separator = separator;
    this.punctuation = punctuation;
  }

  /** Classifies every token; a null token is an error. */
  public static TokenClasses of(String[] tokens) {
    int n = tokens.length;
    boolean[] special = new boolean[n];
    boolean[] separator = new boolean[n];
    boolean[] punctuation = new boolean[n];
    for (int i = 0; i < n; i++) {
      String t = tokens[i];
      if (t == null) {
        throw new IllegalArgumentException("token " + i + " is null");
      }
      special[i] = isSpecialToken(t);
      separator[i] = isSeparatorToken(t);
      punctuation[i] = isPunctuationToken(t);
    }
    return new TokenClasses(special, separator, punctuation);
  }

  /** Number of tokens. */
  public int length() {
    return special.length;
  }

  /** True for position 0 only. */
  public boolean isFirst(int position) {
    checkPosition(position);
    return position == 0;
  }

  public boolean isSpecial(int position) {
    return special[position];
  }

  public boolean isSeparator(int position) {
    return separator[position];
  }

  public boolean isPunctuation(int position) {
    return punctuation[position];
  }

  /** Positions of the separator tokens, ascending. */
  public int[] separatorPositions() {
    return positions(separator);
  }

  /** Positions of the punctuation tokens, ascending. */
  public int[] punctuationPositions() {
    return positions(punctuation);
  }

  /** {@code [SEP]} (BERT) or {@code </s>} (RoBERTa, BART). */
  public static boolean isSeparatorToken(String token) {
    return token.equals("[SEP]") || token.equals("</s>");
  }

  /** {@code [UPPER_CASE]}, {@code <lower_case>}, {@code </lower_case>} or {@code <|anything|>}. */
  public static boolean isSpecialToken(String token) {
    int n = token.length();
    if (n >= 3 && token.charAt(0) == '[' && token.charAt(n - 1) == ']') {
      return allMatch(token, 1, n - 1, c -> (c >= 'A' && c <= 'Z') || c == '_');
    }
    if (n >= 5 && token.startsWith("<|") && token.endsWith("|>")) {
      return allMatch(token, 2, n - 2, c -> c != '<' && c != '>' && !Character.isWhitespace(c));
    }
    if (n >= 3 && token.charAt(0) == '<' && token.charAt(n - 1) == '>') {
      int from = token.charAt(1) == '/' ? 2 : 1;
      return from < n - 1 && allMatch(token, from, n - 1, c -> (c >= 'a' && c <= 'z') || c == '_');
    }
    return false;
  }

  /** Non-special and, without a leading {@code Ġ} or {@code ##}, non-empty and all punctuation. */
  public static boolean isPunctuationToken(String token) {
    if (isSpecialToken(token)) {
      return false;
    }
    int from = 0;
    if (token.startsWith("Ġ")) {
      from = 1;
    } else if (token.startsWith("##")) {
      from = 2;
    }
    if (from >= token.length()) {
      return false;
    }
    return allMatch(token, from, token.length(), TokenClasses::isPunctuationCodePoint);
  }

  private static boolean isPunctuationCodePoint(int c) {
    switch (Character.getType(c)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
        return true;
      default:
        return c < 128 && "$+<=>^`|~".indexOf(c) >= 0;
    }
  }

  private interface CodePointTest {
    boolean test(int codePoint);
  }

  private static boolean allMatch(String s, int from, int to, CodePointTest test) {
    for (int i = from; i < to; ) {
      int c = s.codePointAt(i);
      if (!test.test(c)) {
        return false;
      }
      i += Character.charCount(c);
    }
    return true;
  }

  private static int[] positions(boolean[] flags) {
    int count = 0;
    for (boolean f : flags) {
      if (f) {
        count++;
      }
    }
    int[] out = new int[count];
    int k = 0;
    for (int i = 0; i < flags.length; i++) {
      if (flags[i]) {
        out[k++] = i;
      }
    }
    return out;
  }

  private void checkPosition(int position) {
    if (position < 0 || position >= special.length) {
      throw new IndexOutOfBoundsException(
          "position " + position + " outside 0.." + (special.length - 1));
    }
  }
}
