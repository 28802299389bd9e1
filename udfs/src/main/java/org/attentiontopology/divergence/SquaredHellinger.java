package org.attentiontopology.divergence;

/**
 * The squared Hellinger distances H^2(p, q) = sum (sqrt p - sqrt q)^2 / 2 between all rows of a
 * head, at the cost of one matrix product (no logarithm): they bound the Jensen-Shannon divergence
 * on both sides. Both are f-divergences, with generators f(t) = (t log t - (1 + t) log((1 + t) /
 * 2)) / 2 for JS (nats) and g(t) = (sqrt t - 1)^2 / 2 for H^2; f / g decreases from 1 at t = 1 to
 * log 2 as t goes to 0 or infinity, so log 2 * H^2 <= JS <= H^2 for any two non-negative vectors,
 * normalised or not (term by term, no use of sum p = 1). {@link JensenShannonEdges} uses the left
 * side to skip divergences that cannot matter.
 *
 * <p>H^2(i, j) = (S_i + S_j) / 2 - G_ij with S_i = sum p_i and G the Gram matrix of the
 * square-rooted rows. With the Vector API the Gram matrix is taken in float ({@link
 * FloatHellinger}), less a proven bound on its rounding error, so each value is a lower bound of
 * H^2 within about 1e-5 of it; without, in double, one dot product at a time, within a few ulp.
 * Neither is reproducible to the bit across JVMs: they serve as bounds, never as results.
 */
public final class SquaredHellinger {
  private static final boolean VECTOR = VectorSupport.available() && FloatHellinger.supported();

  private SquaredHellinger() {}

  /**
   * H^2 of every pair of rows, or a value below it by at most its float rounding bound (see the
   * class comment), pair (i, j) with j < i at index i (i - 1) / 2 + j.
   *
   * @param wide the rows widened to doubles ({@link MixtureEntropy#widen}) from floats, all of one
   *     padded length
   * @param length the rows' length before padding
   */
  public static double[] lowerTriangle(double[][] wide, int length) {
    return lowerTriangle(wide, length, null, null);
  }

  /**
   * The same into {@code triangle} (at least n (n - 1) / 2 values, or null for a new array, which
   * is returned), with {@code scratch} from {@link #scratchLength} (or null) for the float kernel's
   * transposed roots: both may be reused from call to call (H0 builds one triangle per head).
   */
  static double[] lowerTriangle(double[][] wide, int length, double[] triangle, float[] scratch) {
    int n = wide.length;
    double[] sums = new double[n];
    for (int i = 0; i < n; i++) {
      double[] row = wide[i];
      double sum = 0;
      for (int k = 0; k < length; k++) {
        sum += row[k];
      }
      sums[i] = sum;
    }
    if (triangle == null) {
      triangle = new double[n * (n - 1) / 2];
    }
    // FloatHellinger is touched only with the Vector API present: loading it without the module
    // would fail.
    if (VECTOR) {
      FloatHellinger.lowerTriangle(wide, sums, length, triangle, scratch);
    } else {
      double[][] roots = new double[n][length];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < length; k++) {
          roots[i][k] = Math.sqrt(wide[i][k]);
        }
      }
      scalarTriangle(roots, sums, triangle);
    }
    return triangle;
  }

  /**
   * The scratch {@link #lowerTriangle} takes for n rows of {@code length}; 0 where the float kernel
   * is not used.
   */
  static int scratchLength(int n, int length) {
    return VECTOR ? FloatHellinger.transposedLength(n, length) : 0;
  }

  /** (S_i + S_j) / 2 - G_ij for j < i, one dot product at a time. */
  static void scalarTriangle(double[][] roots, double[] sums, double[] triangle) {
    int at = 0;
    for (int i = 0; i < roots.length; i++) {
      for (int j = 0; j < i; j++) {
        double dot = 0;
        for (int k = 0; k < roots[i].length; k++) {
          dot += roots[i][k] * roots[j][k];
        }
        triangle[at++] = 0.5 * (sums[i] + sums[j]) - dot;
      }
    }
  }
}
