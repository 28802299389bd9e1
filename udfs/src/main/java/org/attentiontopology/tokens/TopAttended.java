package org.attentiontopology.tokens;

import org.attentiontopology.divergence.VectorSupport;

/**
 * Each row's most attended positions in one head's attention matrix.
 *
 * <p>Order: weight descending, ties broken by the lower position. Rank r (1-based) of row i is
 * {@code positions[i][r - 1]}. Only positions with a positive weight are candidates: a zero (a causal mask above the
 * diagonal, or a softmax that underflowed) or NaN weight is never "attended". So a row gives
 * {@code min(k, number of positive entries)} positions, fewer than k when the row is short or mostly masked.
 *
 * <p>Selection, O(T k) time with no boxing: with the Vector API, k passes of a vector maximum
 * ({@link VectorTopAttended}); without it, a sorted buffer of at most k entries per row. Both give the same entries
 * in the same order (tested). The results are jagged arrays sized exactly.
 */
public final class TopAttended {
  private TopAttended() {}

  /**
   * Up to this k the vector passes are used: each pass reads the whole row, so for k much larger than a vector's
   * lanes the buffer, which reads it once, is as fast.
   */
  static final int VECTOR_MAX_K = 32;
  private static final boolean VECTOR = VectorSupport.available();

  /** Positions and weights of the top entries of every row: {@code positions[i][r]} has weight {@code weights[i][r]}. */
  public record Result(int[][] positions, float[][] weights) implements java.io.Serializable {
    /** Number of rows (T). */
    public int rows() {
      return positions.length;
    }
  }

  /** Top-k positions and their weights for every row of {@code a} (T x T). */
  public static Result of(float[][] a, int k) {
    int[][] positions = topPositions(a, k);
    return new Result(positions, weights(a, positions));
  }

  /** Top-k positions of every row of {@code a} (T x T), best first. */
  public static int[][] topPositions(float[][] a, int k) {
    int t = Matrices.requireSquare(a, "attention matrix");
    checkK(k);
    int[][] out = new int[t][];
    int[] buffer = new int[Math.min(k, t)];
    float[] bufferWeights = new float[buffer.length];
    float[] scratch = vectorFor(k) ? new float[VectorTopAttended.scratchLength(t)] : null;
    for (int r = 0; r < t; r++) {
      out[r] = topPositions(a[r], k, buffer, bufferWeights, scratch);
    }
    return out;
  }

  /** Top-k positions of one row, best first. */
  public static int[] topPositions(float[] row, int k) {
    checkK(k);
    int capacity = Math.min(k, row.length);
    float[] scratch = vectorFor(k) ? new float[VectorTopAttended.scratchLength(row.length)] : null;
    return topPositions(row, k, new int[capacity], new float[capacity], scratch);
  }

  /** Top-k positions of one row by the scalar buffer alone; package-private so tests can compare the two forms. */
  static int[] scalarTopPositions(float[] row, int k) {
    checkK(k);
    int capacity = Math.min(k, row.length);
    return topPositions(row, k, new int[capacity], new float[capacity], null);
  }

  private static boolean vectorFor(int k) {
    return VECTOR && k <= VECTOR_MAX_K;
  }

  /** The weights {@code a[i][positions[i][r]]}, same shape as {@code positions}. */
  public static float[][] weights(float[][] a, int[][] positions) {
    if (positions.length != a.length) {
      throw new IllegalArgumentException("positions have " + positions.length + " rows, matrix has " + a.length);
    }
    float[][] out = new float[positions.length][];
    for (int r = 0; r < positions.length; r++) {
      int[] p = positions[r];
      float[] w = new float[p.length];
      for (int j = 0; j < p.length; j++) {
        w[j] = a[r][p[j]];
      }
      out[r] = w;
    }
    return out;
  }

  /** True when weight x at position i ranks before weight y at position j (x, y positive). */
  static boolean before(float x, int i, float y, int j) {
    return x > y || (x == y && i < j);
  }

  /** With a scratch row, the vector passes; without, the scalar buffer. */
  private static int[] topPositions(float[] row, int k, int[] buffer, float[] bufferWeights, float[] scratch) {
    int capacity = Math.min(k, row.length);
    if (capacity == 0) {
      return new int[0];
    }
    int size = scratch != null
        ? VectorTopAttended.select(row, capacity, buffer, bufferWeights, scratch)
        : bufferSelect(row, capacity, buffer, bufferWeights);
    int[] out = new int[size];
    System.arraycopy(buffer, 0, out, 0, size);
    return out;
  }

  private static int bufferSelect(float[] row, int capacity, int[] buffer, float[] bufferWeights) {
    int size = 0;
    // The weight an entry must exceed to enter: 0 while the buffer has room (only positive weights are candidates),
    // then the weight of the last buffered entry. Most entries of a row are rejected by this one comparison against
    // a local, with no load through row[buffer[size - 1]]; the buffered weights are kept beside their positions for
    // the same reason. `!(w > threshold)` also rejects zero, negative and NaN weights.
    float threshold = 0f;
    for (int c = 0; c < row.length; c++) {
      float w = row[c];
      if (!(w > threshold)) {
        continue;
      }
      // Positions arrive ascending, so an equal weight already in the buffer keeps its place (lower position first).
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
