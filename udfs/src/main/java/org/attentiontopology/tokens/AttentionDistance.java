package org.attentiontopology.tokens;

/**
 * How far a head looks: the attention-weighted mean of |i - j| over its rows, in positions (the
 * "mean attention distance" of Dosovitskiy et al. 2021, figure 7, there in pixels, here in token
 * positions or word positions). For a matrix A with rows i attending to columns j,
 *
 * <pre>  d(A) = sum_ij A[i][j] |i - j| / sum_ij A[i][j]</pre>
 *
 * which for row-stochastic A is the mean over rows of each row's expected distance. 0 for a head
 * that attends only to itself, T - 1 at most (every row of a T-token matrix attending to the far
 * end), and 0 for an all-zero matrix (no attention, no distance).
 */
public final class AttentionDistance {
  private AttentionDistance() {}

  /** d(A) for a square matrix A (rows = attending units); sums in double. */
  public static double mean(float[][] a) {
    int t = Matrices.requireSquare(a, "attention matrix");
    double weighted = 0;
    double total = 0;
    for (int i = 0; i < t; i++) {
      float[] row = a[i];
      for (int j = 0; j < t; j++) {
        double w = row[j];
        weighted += w * Math.abs(i - j);
        total += w;
      }
    }
    return total == 0 ? 0.0 : weighted / total;
  }
}
