package org.attentiontopology.job.report;

/**
 * The compressed lower triangle of a symmetric distance matrix with zero diagonal, as the
 * token_distances table stores it: row-major over i > j, entry (i, j) at index i*(i-1)/2 + j (the
 * layout of DistanceMatrix in udfs).
 */
public final class CondensedDistances {
  private CondensedDistances() {}

  public static int length(int n) {
    return n * (n - 1) / 2;
  }

  public static int index(int i, int j) {
    if (i == j) {
      throw new IllegalArgumentException("the diagonal is not stored (i == j == " + i + ")");
    }
    int hi = Math.max(i, j);
    int lo = Math.min(i, j);
    return hi * (hi - 1) / 2 + lo;
  }

  /**
   * The full symmetric matrix; {@code what} names the row in the error when the length does not fit
   * n.
   */
  public static double[][] toMatrix(int n, double[] lower, String what) {
    if (lower.length != length(n)) {
      throw new IllegalArgumentException(
          what
              + ": distances has "
              + lower.length
              + " entries but n_points = "
              + n
              + " needs n*(n-1)/2 = "
              + length(n)
              + "; the token_distances table is inconsistent, rerun the job");
    }
    double[][] m = new double[n][n];
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double d = lower[i * (i - 1) / 2 + j];
        m[i][j] = d;
        m[j][i] = d;
      }
    }
    return m;
  }
}
