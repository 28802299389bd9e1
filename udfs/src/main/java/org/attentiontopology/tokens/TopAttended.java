package org.attentiontopology.tokens;

import java.util.Arrays;
import org.attentiontopology.divergence.VectorSupport;

/**
 * Each row's most attended positions in one head's attention matrix.
 *
 * <p>Order: weight descending, ties broken by the lower position. Rank r (1-based) of row i is
 * {@code positions[i][r - 1]}. Only positions with a positive weight are candidates: a zero (a
 * causal mask above the diagonal, or a softmax that underflowed) or NaN weight is never "attended".
 * So a row gives {@code min(k, number of positive entries)} positions, fewer than k when the row is
 * short or mostly masked.
 *
 * <p>Selection, O(T k) time with no boxing: with the Vector API on 512-bit vectors and k up to
 * {@link VectorTopAttended#MAX_K}, an insertion network over a group of rows at once ({@link
 * VectorTopAttended}); otherwise, and for a single row, a sorted buffer of at most k entries per
 * row. Both give the same entries in the same order (tested). The results are jagged arrays sized
 * exactly.
 */
public final class TopAttended {
  private TopAttended() {}

  private static final boolean NETWORK = VectorSupport.available() && VectorTopAttended.pays();

  /**
   * Positions and weights of the top entries of every row: {@code positions[i][r]} has weight
   * {@code weights[i][r]}.
   */
  public record Result(int[][] positions, float[][] weights) implements java.io.Serializable {
    /** Number of rows (T). */
    public int rows() {
      return positions.length;
    }
  }

  /** Top-k positions and their weights for every row of {@code a} (T x T). */
  public static Result of(float[][] a, int k) {
    return of(a, k, NETWORK && k <= VectorTopAttended.MAX_K);
  }

  /**
   * The same by the given form, whether it pays on this machine or not; package-private so tests
   * can compare the two forms. The network needs the Vector API and k up to {@link
   * VectorTopAttended#MAX_K}.
   */
  static Result of(float[][] a, int k, boolean network) {
    int t = Matrices.requireSquare(a, "attention matrix");
    checkK(k);
    int[][] positions = new int[t][];
    float[][] weights = new float[t][];
    if (network) {
      VectorTopAttended.select(a, k, positions, weights);
    } else {
      int[] buffer = new int[Math.min(k, t)];
      float[] bufferWeights = new float[buffer.length];
      for (int r = 0; r < t; r++) {
        int size = bufferSelect(a[r], buffer.length, buffer, bufferWeights);
        positions[r] = Arrays.copyOf(buffer, size);
        weights[r] = Arrays.copyOf(bufferWeights, size);
      }
    }
    return new Result(positions, weights);
  }

  /** Top-k positions of every row of {@code a} (T x T), best first. */
  public static int[][] topPositions(float[][] a, int k) {
    return of(a, k).positions();
  }

  /** Top-k positions of one row, best first, by the sorted buffer. */
  public static int[] topPositions(float[] row, int k) {
    checkK(k);
    int capacity = Math.min(k, row.length);
    int[] buffer = new int[capacity];
    return Arrays.copyOf(buffer, bufferSelect(row, capacity, buffer, new float[capacity]));
  }

  private static int bufferSelect(float[] row, int capacity, int[] buffer, float[] bufferWeights) {
    int size = 0;
    // The weight an entry must exceed to enter: 0 while the buffer has room (only positive weights
    // are candidates),
    // then the weight of the last buffered entry. Most entries of a row are rejected by this one
    // comparison against
    // a local, with no load through row[buffer[size - 1]]; the buffered weights are kept beside
    // their positions for
    // the same reason. `!(w > threshold)` also rejects zero, negative and NaN weights.
    float threshold = 0f;
    for (int c = 0; c < row.length; c++) {
      float w = row[c];
      if (!(w > threshold)) {
        continue;
      }
      // Positions arrive ascending, so an equal weight already in the buffer keeps its place (lower
      // position first).
      int at = size == capacity ? size - 1 : size++;
      while (at > 0 && w > bufferWeights[at - 1]) {
        buffer[at] = buffer[at - 1];
        bufferWeights[at] = bufferWeights[at - 1];
        at--;
      }
      buffer[at] = c;
      bufferWeights[at] = w;
      if (size == capacity) {
        threshold = bufferWeights[capacity - 1];
      }
    }
    return size;
  }

  private static void checkK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
  }
}
