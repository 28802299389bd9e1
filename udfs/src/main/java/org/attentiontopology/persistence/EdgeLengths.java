package org.attentiontopology.persistence;

/**
 * The edges of a complete graph on {@link #size()} points, given by a length computed on demand and a lower bound
 * on it that costs much less. {@link ZeroDimensionalPersistence} reads a length only where its bound could still
 * change the spanning forest, so H0 of an expensive metric (Jensen-Shannon between attention rows) costs far fewer
 * length evaluations than filling the distance matrix, with the same result. Between the two, an implementation may
 * offer {@link #refinedLowerBounds}: tighter bounds at a fraction of a length's cost, asked for a few edges at once.
 *
 * <p>Contract: lowerBound(i, j) and every refined bound of (i, j) are at most length(i, j) for the values as
 * computed (rounding included), all symmetric, and length the same value however often it is asked.
 */
public interface EdgeLengths {

  /** Number of points. */
  int size();

  /** A value at most {@link #length}(i, j), i != j. */
  double lowerBound(int i, int j);

  /**
   * The bounds of all edges at point i at once: {@code into[j] = lowerBound(i, j)} for j != i and
   * {@code into[i] = 0}, for j below {@link #size()} ({@code into} may be longer). {@link LazyPrim} reads a whole
   * row each time a point joins the tree; an implementation that stores its bounds by rows overrides this with a
   * copy, where the default asks pair by pair.
   */
  default void lowerBounds(int i, double[] into) {
    int n = size();
    for (int j = 0; j < n; j++) {
      into[j] = j == i ? 0.0 : lowerBound(i, j);
    }
  }

  /**
   * Lower bounds of several edges at point w at once, at least as good as {@link #lowerBound} and much cheaper than
   * {@link #length}: {@code into[c] <= length(us[c], w)} for c < count. {@link LazyPrim} asks for them when a point's
   * cheap bounds leave several edges in doubt, so that it measures only the edges these bounds cannot rule out. The
   * default gives the cheap bounds.
   */
  default void refinedLowerBounds(int w, int[] us, int count, double[] into) {
    for (int c = 0; c < count; c++) {
      into[c] = lowerBound(us[c], w);
    }
  }

  /** The length of the edge between points i and j, i != j. */
  double length(int i, int j);
}
