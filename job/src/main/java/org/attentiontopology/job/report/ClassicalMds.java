package org.attentiontopology.job.report;

/**
 * Classical (Torgerson) multidimensional scaling: points in a few dimensions whose Euclidean
 * distances approximate a distance matrix. B = -1/2 J D^2 J (J the centering matrix); the
 * coordinates are the top eigenvectors of B scaled by the square roots of their eigenvalues. JS
 * distances are not Euclidean, so B can have negative eigenvalues: an axis whose eigenvalue is not
 * positive carries no information and gets coordinate 0.
 */
public final class ClassicalMds {
  private ClassicalMds() {}

  /** Coordinates {@code out[i][k]} of point i on axis k, for {@code dims} axes. */
  public static double[][] embed(double[][] distances, int dims) {
    int n = distances.length;
    double[][] b = doubleCentredSquares(distances);
    double[][] out = new double[n][dims];
    if (n == 0) {
      return out;
    }
    SymmetricEigen.Result eig = SymmetricEigen.decompose(b);
    for (int k = 0; k < dims && k < n; k++) {
      double lambda = eig.values()[k];
      if (lambda <= 0.0) {
        continue;
      }
      double s = Math.sqrt(lambda);
      // Fix the sign so that the largest-magnitude entry is positive: the picture does not flip
      // between runs.
      int big = 0;
      for (int i = 1; i < n; i++) {
        if (Math.abs(eig.vectors()[i][k]) > Math.abs(eig.vectors()[big][k])) {
          big = i;
        }
      }
      double sign = eig.vectors()[big][k] < 0 ? -1.0 : 1.0;
      for (int i = 0; i < n; i++) {
        out[i][k] = sign * s * eig.vectors()[i][k];
      }
    }
    return out;
  }

  /** -1/2 J D^2 J, computed as D^2 minus row and column means plus the grand mean. */
  static double[][] doubleCentredSquares(double[][] d) {
    int n = d.length;
    double[][] sq = new double[n][n];
    double[] rowMean = new double[n];
    double grand = 0.0;
    for (int i = 0; i < n; i++) {
      if (d[i].length != n) {
        throw new IllegalArgumentException(
            "distance matrix is not square: row "
                + i
                + " has "
                + d[i].length
                + " entries, expected "
                + n);
      }
      for (int j = 0; j < n; j++) {
        sq[i][j] = d[i][j] * d[i][j];
        rowMean[i] += sq[i][j] / n;
      }
      grand += rowMean[i] / n;
    }
    double[][] b = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        // D is symmetric, so column means equal row means.
        b[i][j] = -0.5 * (sq[i][j] - rowMean[i] - rowMean[j] + grand);
      }
    }
    return b;
  }
}
