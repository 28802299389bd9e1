package org.attentiontopology.divergence;

/**
 * The squared Hellinger distances H^2(p, q) = sum (sqrt p - sqrt q)^2 / 2 between all rows of a head, at the cost of
 * one matrix product (no logarithm): they bound the Jensen-Shannon divergence on both sides. Both are
 * f-divergences, with generators f(t) = (t log t - (1 + t) log((1 + t) / 2)) / 2 for JS (nats) and
 * g(t) = (sqrt t - 1)^2 / 2 for H^2; f / g decreases from 1 at t = 1 to log 2 as t goes to 0 or infinity, so
 * log 2 * H^2 <= JS <= H^2 for any two non-negative vectors, normalised or not (term by term, no use of
 * sum p = 1). {@link JensenShannonEdges} uses the left side to skip divergences that cannot matter.
 *
 * <p>H^2(i, j) = (S_i + S_j) / 2 - G_ij with S_i = sum p_i and G the Gram matrix of the square-rooted rows. Not
 * reproducible to the bit across JVMs (the product's order follows the vector width): it serves as a bound, never
 * as a result.
 */
public final class SquaredHellinger {
  private static final boolean VECTOR = VectorSupport.available() && VectorHellinger.supported();

  private final int n;
  private final int stride;
  private final double[] sums;
  private final double[] gram;

  /**
   * @param wide the rows widened to doubles ({@link MixtureEntropy#widen}), all of one padded length
   * @param length the rows' length before padding
   */
  public SquaredHellinger(double[][] wide, int length) {
    this.n = wide.length;
    // VectorHellinger is touched only with the Vector API present: loading it without the module would fail.
    this.stride = VECTOR ? VectorHellinger.paddedCount(n) : n;
    this.sums = new double[n];
    // The square roots transposed, [element][row], rows zero-padded to whole vectors, so that one vector load
    // reads one element of several rows. Filled element by element: the writes run along memory, and the reads
    // of the n rows at one element share their cache lines with the next elements.
    double[][] roots = new double[n][];
    for (int i = 0; i < n; i++) {
      double[] row = wide[i];
      double[] r = new double[length];
      double sum = 0;
      for (int k = 0; k < length; k++) {
        sum += row[k];
        r[k] = Math.sqrt(row[k]);
      }
      sums[i] = sum;
      roots[i] = r;
    }
    double[] rootsByElement = new double[length * stride];
    for (int k = 0; k < length; k++) {
      int at = k * stride;
      for (int i = 0; i < n; i++) {
        rootsByElement[at + i] = roots[i][k];
      }
    }
    this.gram = new double[n * stride];
    if (VECTOR) {
      VectorHellinger.gram(roots, rootsByElement, stride, length, gram);
    } else {
      scalarGram(roots, gram, stride);
    }
  }

  /** G_ij for j < i into gram[i * stride + j], one dot product at a time. */
  static void scalarGram(double[][] roots, double[] gram, int stride) {
    for (int i = 0; i < roots.length; i++) {
      for (int j = 0; j < i; j++) {
        double dot = 0;
        for (int k = 0; k < roots[i].length; k++) {
          dot += roots[i][k] * roots[j][k];
        }
        gram[i * stride + j] = dot;
      }
    }
  }

  /** H^2 between rows i and j (i != j), in nats' units (a pure number). */
  public double between(int i, int j) {
    int hi = Math.max(i, j);
    int lo = Math.min(i, j);
    return 0.5 * (sums[i] + sums[j]) - gram[hi * stride + lo];
  }

  /** Number of rows. */
  public int size() {
    return n;
  }
}
