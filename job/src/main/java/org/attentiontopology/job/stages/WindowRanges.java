package org.attentiontopology.job.stages;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Where the windows of a long text begin and end, in word pieces (special tokens not counted). Pure
 * arithmetic, so the properties the tables promise (every piece covered, consecutive windows
 * sharing exactly {@code overlap} pieces, the last window ending at the last piece) are tested
 * without a model.
 *
 * <p>A window holds at most {@code maxLength - specials} pieces, so with the model's special tokens
 * ([CLS] and [SEP] for BERT, none for GPT-2) it never exceeds {@code maxLength} tokens. A window
 * may begin only where {@code canStart} allows (a word's first piece: a window beginning at {@code
 * ##ing} would be tokenized as {@code ing}, not the pieces it was cut from). The next window begins
 * at the latest allowed piece no later than {@code end - overlap} of a full window, and the current
 * window is shortened to end {@code overlap} pieces after it, so the overlap stays exact. Only when
 * no piece in between may begin a window (one word longer than the window) does a window begin
 * mid-word.
 */
public final class WindowRanges {
  private WindowRanges() {}

  /** Pieces {@code [start, end)} of one window, 0-based over the text's word pieces. */
  public record Range(int start, int end) {
    public int length() {
      return end - start;
    }
  }

  /**
   * The windows when every piece may begin one (fixed stride {@code maxLength - specials -
   * overlap}).
   */
  public static List<Range> of(int pieces, int maxLength, int specials, int overlap) {
    return of(pieces, maxLength, specials, overlap, i -> true);
  }

  /**
   * @param pieces word pieces of the text, special tokens excluded
   * @param maxLength the model's maximum input length in tokens, special tokens included
   * @param specials special tokens the tokenizer adds to every input (2 for BERT's [CLS] and [SEP])
   * @param overlap pieces shared by consecutive windows; less than {@code maxLength - specials}
   * @param canStart whether a window may begin at piece i (i > 0)
   * @return one range {@code [0, pieces)} when the text fits, else the windows in order
   */
  public static List<Range> of(
      int pieces, int maxLength, int specials, int overlap, IntPredicate canStart) {
    int capacity = maxLength - specials;
    if (pieces < 0 || specials < 0 || overlap < 0) {
      throw new IllegalArgumentException(
          "pieces ("
              + pieces
              + "), specials ("
              + specials
              + ") and overlap ("
              + overlap
              + ") must be >= 0");
    }
    if (overlap >= capacity) {
      throw new IllegalArgumentException(
          "a window overlap of "
              + overlap
              + " pieces leaves no room to advance: "
              + "with a maximum length of "
              + maxLength
              + " tokens and "
              + specials
              + " special tokens it must be less "
              + "than "
              + capacity
              + " (lower inference.window-overlap)");
    }
    List<Range> windows = new ArrayList<>();
    int start = 0;
    while (start + capacity < pieces) {
      int latestNext = start + capacity - overlap;
      int next = latestNext;
      while (next > start + 1 && !canStart.test(next)) {
        next--;
      }
      if (!canStart.test(next)) {
        next = latestNext; // one word longer than the window: no choice but to cut inside it
      }
      windows.add(new Range(start, next + overlap));
      start = next;
    }
    windows.add(new Range(start, pieces));
    return windows;
  }
}
