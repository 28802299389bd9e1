package org.attentiontopology.persistence;

/**
 * The edges of a complete graph on {@link #size()} points, given by a length computed on demand and
 * a lower bound on it that costs much less. {@link ZeroDimensionalPersistence} reads a length only
 * where its bound could still change the spanning forest ({@link SpanningTreeFromBounds}), so H0 of
 * an expensive metric (Jensen-Shannon between attention rows) costs far fewer length evaluations
 * than filling the distance matrix, with the same result. Between the two, an implementation may
 * offer {@link #refinedLowerBounds}: tighter bounds at a fraction of a length's cost, asked for a
 * few edges at once.
 *
 * <p>Contract: lowerBound(i, j) and every refined bound of (i, j) are at most length(i, j) for the
 * values as computed (rounding included), all symmetric, and length the same value however often it
 * is asked.
 */
public interface EdgeLengths {

  /** Number of points. */
  int size();

  /** A value at most {@link #length}(i, j), i != j. */
  double lowerBound(int i, int j);

  /**
   * Lower bounds of several edges at point w at once, at least as good as {@link #lowerBound} and
   * much cheaper than {@link #length}: {@code into[c] <= length(us[c], w)} for c < count. {@link
   * SpanningTreeFromBounds} asks for them for the edges whose cheap bounds leave them in doubt, so
   * that it measures only those these cannot rule out. The default gives the cheap bounds.
   */
  default void refinedLowerBounds(int w, int[] us, int count, double[] into) {
    for (int c = 0; c < count; c++) {
      into[c] = lowerBound(us[c], w);
    }
  }

  /**
   * Keys of the lower bounds, one per pair ((i, j) with j < i at i (i - 1) / 2 + j), that order the
   * pairs as their bounds do: lowerBound(i, j) = g(key) for one non-decreasing g. An implementation
   * whose bound is a costly function of something cheaper (for JS, a square root of a scaled
   * Hellinger divergence) returns that something and spares a pass over the pairs; the default
   * returns the bounds. The array may be the implementation's own buffer: read it, do not keep or
   * change it.
   */
  default double[] lowerBoundKeys() {
    int n = size();
    double[] keys = new double[n * (n - 1) / 2];
    int at = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        keys[at++] = lowerBound(i, j);
      }
    }
    return keys;
  }

  /**
   * A key from which on every bound is at least {@code length}: g(k) >= length for every k >=
   * keyAtLeast(length), with g as in {@link #lowerBoundKeys}, in the values as computed. It may be
   * larger than the least such key (a pair then gets a closer look than it needed), never smaller.
   * The default, for keys that are the bounds, is the length itself.
   */
  default double keyAtLeast(double length) {
    return length;
  }

  /** The length of the edge between points i and j, i != j. */
  double length(int i, int j);
}
