package org.attentiontopology.divergence;

/**
 * Jensen-Shannon divergence and distance between probability vectors (attention rows).
 *
 * <p>JS(p, q) = (KL(p || m) + KL(q || m)) / 2 with m = (p + q) / 2. The distance is its square
 * root, a metric (Endres and Schindelin 2003). Inputs are used as given: they are probabilities
 * already, so no softmax is applied; callers check that rows sum to one. Terms with p_k = 0
 * contribute 0 (the limit of x log x).
 *
 * <p>Two forms are offered. {@link #divergence} sums p log(p / m) directly and is the reference.
 * The matrix routines use JS = H(m) - (H(p) + H(q)) / 2 with the row entropies computed once, which
 * costs one logarithm per element instead of two; identical rows still give exactly 0 because (x +
 * x) / 2 == x in floating point. Between near-identical rows that difference cancels most digits;
 * the fast matrix ({@link JensenShannonEdges#length}) then sums the divergence again without
 * cancellation ({@link CancellationFreeDivergence}), so each of its distances is within 1e-9
 * relative of the exact one; the reference loop {@link #distanceMatrixReference} does not.
 */
public final class JensenShannon {
  private JensenShannon() {}

  /** JS divergence by the direct formula, in the given base, clamped at 0 against rounding. */
  public static double divergence(double[] p, double[] q, LogBase base) {
    checkSameLength(p.length, q.length);
    double sum = 0.0;
    for (int k = 0; k < p.length; k++) {
      double pk = p[k];
      double qk = q[k];
      double m = 0.5 * (pk + qk);
      if (pk > 0) {
        sum += pk * Math.log(pk / m);
      }
      if (qk > 0) {
        sum += qk * Math.log(qk / m);
      }
    }
    return Math.max(0.0, base.fromNats(0.5 * sum));
  }

  /** JS distance: the square root of {@link #divergence}. */
  public static double distance(double[] p, double[] q, LogBase base) {
    return Math.sqrt(divergence(p, q, base));
  }

  /** Shannon entropy in nats, -sum p log p, zero terms skipped. */
  public static double entropyNats(double[] p) {
    double h = 0.0;
    for (double pk : p) {
      if (pk > 0) {
        h -= pk * Math.log(pk);
      }
    }
    return h;
  }

  /** Shannon entropy in nats of a float row. */
  public static double entropyNats(float[] p) {
    double h = 0.0;
    for (float pk : p) {
      if (pk > 0) {
        h -= pk * Math.log(pk);
      }
    }
    return h;
  }

  /**
   * JS divergence in nats of two float rows whose entropies (in nats) are known: H(m) - (H(p) +
   * H(q)) / 2, with one logarithm per element where p or q is non-zero. Not clamped: callers clamp
   * once.
   */
  public static double divergenceNats(float[] p, double entropyP, float[] q, double entropyQ) {
    checkSameLength(p.length, q.length);
    double hm = 0.0;
    for (int k = 0; k < p.length; k++) {
      double m = 0.5 * ((double) p[k] + (double) q[k]);
      if (m > 0) {
        hm -= m * Math.log(m);
      }
    }
    return hm - 0.5 * (entropyP + entropyQ);
  }

  /**
   * Pairwise JS distances between rows, as a Rips input. distance(i, j) = sqrt(max(0, JS(row_i,
   * row_j))) in the given base.
   */
  public static org.attentiontopology.persistence.DistanceMatrix distanceMatrix(
      float[][] rows, LogBase base) {
    return distanceMatrix(rows, base, true);
  }

  /**
   * Pairwise JS distances (squareRoot) or divergences (not a metric; offered for comparison with
   * work that used them) between rows, by {@link FastJensenShannon}: vectorised where the JVM has
   * the Vector API, and the same bits where it does not ({@link MixtureEntropy}).
   */
  public static org.attentiontopology.persistence.DistanceMatrix distanceMatrix(
      float[][] rows, LogBase base, boolean squareRoot) {
    return FastJensenShannon.distanceMatrix(rows, base, squareRoot);
  }

  /**
   * The same matrix by the straightforward scalar loop: the documented reference of the fast path,
   * which tests and scripts/bench-pipeline compare it against.
   */
  public static org.attentiontopology.persistence.DistanceMatrix distanceMatrixReference(
      float[][] rows, LogBase base, boolean squareRoot) {
    int n = rows.length;
    double[] entropies = new double[n];
    for (int i = 0; i < n; i++) {
      entropies[i] = entropyNats(rows[i]);
    }
    double[] lower =
        new double[(int) org.attentiontopology.persistence.DistanceMatrix.triangleLength(n)];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double js = divergenceNats(rows[i], entropies[i], rows[j], entropies[j]);
        double divergence = Math.max(0.0, base.fromNats(js));
        lower[k++] = squareRoot ? Math.sqrt(divergence) : divergence;
      }
    }
    return org.attentiontopology.persistence.DistanceMatrix.fromLowerTriangle(n, lower);
  }

  private static void checkSameLength(int a, int b) {
    if (a != b) {
      throw new IllegalArgumentException(
          "distributions have different lengths: " + a + " and " + b);
    }
  }
}
