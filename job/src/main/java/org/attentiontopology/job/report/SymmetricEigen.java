package org.attentiontopology.job.report;

/**
 * Eigenvalues and eigenvectors of a real symmetric matrix by the cyclic Jacobi method. The report
 * only needs a few hundred points at most (heads, or the tokens of one example), where Jacobi is
 * exact to rounding, simple and dependency free; its cost is a few n^3 per sweep.
 */
public final class SymmetricEigen {
  private static final int MAX_SWEEPS = 100;

  /**
   * Eigenvalues in decreasing order, and eigenvectors as columns: {@code vectors[i][k]} is entry i
   * of vector k.
   */
  public record Result(double[] values, double[][] vectors) {}

  private SymmetricEigen() {}

  public static Result decompose(double[][] matrix) {
    int n = matrix.length;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      if (matrix[i].length != n) {
        throw new IllegalArgumentException(
            "matrix is not square: row "
                + i
                + " has "
                + matrix[i].length
                + " entries, expected "
                + n);
      }
      a[i] = matrix[i].clone();
    }
    double[][] v = new double[n][n];
    for (int i = 0; i < n; i++) {
      v[i][i] = 1.0;
    }
    double scale = 0.0;
    for (double[] row : a) {
      for (double x : row) {
        scale = Math.max(scale, Math.abs(x));
      }
    }
    for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
      double off = 0.0;
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          off += a[p][q] * a[p][q];
        }
      }
      // Converged when the off-diagonal part is negligible against the matrix's own magnitude.
      if (off <= 1e-30 * scale * scale * n * n || off == 0.0) {
        break;
      }
      for (int p = 0; p < n; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] != 0.0) {
            rotate(a, v, p, q);
          }
        }
      }
    }
    return sorted(a, v);
  }

  /**
   * One Jacobi rotation that zeroes a[p][q] (Golub and Van Loan, algorithm 8.4.1, stable form of
   * the angle).
   */
  private static void rotate(double[][] a, double[][] v, int p, int q) {
    int n = a.length;
    double theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1.0));
    if (theta == 0.0) {
      t = 1.0;
    }
    double c = 1.0 / Math.sqrt(t * t + 1.0);
    double s = t * c;
    for (int k = 0; k < n; k++) {
      double akp = a[k][p];
      double akq = a[k][q];
      a[k][p] = c * akp - s * akq;
      a[k][q] = s * akp + c * akq;
    }
    for (int k = 0; k < n; k++) {
      double apk = a[p][k];
      double aqk = a[q][k];
      a[p][k] = c * apk - s * aqk;
      a[q][k] = s * apk + c * aqk;
    }
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }

  private static Result sorted(double[][] a, double[][] v) {
    int n = a.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
    double[] values = new double[n];
    double[][] vectors = new double[n][n];
    for (int k = 0; k < n; k++) {
      values[k] = a[order[k]][order[k]];
      for (int i = 0; i < n; i++) {
        vectors[i][k] = v[i][order[k]];
      }
    }
    return new Result(values, vectors);
  }
}
