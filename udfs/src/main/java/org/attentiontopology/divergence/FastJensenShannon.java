package org.attentiontopology.divergence;

import org.attentiontopology.persistence.DistanceMatrix;

/**
 * The Jensen-Shannon distance matrix between the rows of one attention head, fast path (the default
 * of {@link JensenShannon#distanceMatrix}). Same formula as the reference loop {@link
 * JensenShannon#distanceMatrixReference}: JS = H(m) - (H(p) + H(q)) / 2 with the row entropies
 * computed once, each unordered pair once (the mixture is symmetric), but with the rows widened to
 * doubles once, the pair loop cut at the end of the union of both supports (causal rows), and the
 * sums taken by {@link MixtureEntropy}. Every entry is {@link JensenShannonEdges#length}, so H0
 * computed lazily from those edges sees the same numbers.
 */
public final class FastJensenShannon {
  private FastJensenShannon() {}

  /** Pairwise JS distances (squareRoot) or divergences between rows, in the given base. */
  public static DistanceMatrix distanceMatrix(float[][] rows, LogBase base, boolean squareRoot) {
    return distanceMatrix(new JensenShannonEdges(rows, base, squareRoot));
  }

  /**
   * The whole matrix of {@code edges}' lengths; the matrix is a copy, valid after a later instance
   * takes over the edges' workspace.
   */
  public static DistanceMatrix distanceMatrix(JensenShannonEdges edges) {
    int n = edges.size();
    double[] lower = new double[(int) DistanceMatrix.triangleLength(n)];
    for (int i = 1; i < n; i++) {
      edges.lengthsToEarlierRows(i, lower, i * (i - 1) / 2);
    }
    return DistanceMatrix.fromLowerTriangle(n, lower);
  }
}
