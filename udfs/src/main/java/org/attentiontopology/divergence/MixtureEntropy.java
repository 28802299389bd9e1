package org.attentiontopology.divergence;

/**
 * The inner loop of every Jensen-Shannon matrix: the entropy H(m) = -sum m log m of the mixture m =
 * (p + q) / 2 of two rows held as doubles, in nats; JS(p, q) = H(m) - (H(p) + H(q)) / 2 then costs
 * one logarithm per element.
 *
 * <p>Reproducible to the bit. The terms (p_k + q_k) log m_k go into sixteen partial sums (partial r
 * takes the elements k = r mod 16, in increasing k), each added by one fused multiply-add; the
 * partials are combined as sum over r = 0..7 of (partial r + partial r + 8), left to right, and the
 * total multiplied by -1/2 (exact). The logarithm is {@link ReproducibleLog#logHalf}, log m read
 * from p + q, so m itself is never formed. The Vector API form ({@link VectorEntropy}, 4 or 8
 * lanes) and the scalar form here perform the same IEEE operations in the same order, so the result
 * is the same in a JVM with or without the Vector API, on AVX2 or AVX-512, interpreted or compiled;
 * tables computed from it do not depend on partitioning, warm-up or machine. It agrees with the
 * straightforward loop ({@link JensenShannon#divergenceNats}, Math.log, one running sum) to
 * rounding.
 *
 * <p>Zeros: an element with m = 0 contributes exactly 0 (the limit of x log x). The logarithm's bit
 * arithmetic takes 0 to -1024 log 2, a finite number (where log 0 = -infinity would make 0 * log a
 * NaN), so the product is a zero and adding it changes nothing. No clamp is needed, which matters:
 * a lanewise max costs the vector loop a fifth of its speed (Java's max orders -0.0 and NaN, which
 * takes extra instructions). Rows of causal attention are zero past the token: callers pass {@code
 * end}, the end of the union of both supports, so those elements are skipped.
 *
 * <p>Identical rows give exactly JS = 0: a row's entropy is computed by the same loop with q = p,
 * so H(m) and the row entropies are the same sums.
 */
public final class MixtureEntropy {
  /** The partial sums: a whole number of 4- and 8-lane vectors. */
  static final int BLOCK = 16;

  private static final boolean VECTOR = VectorSupport.available() && VectorEntropy.supported();

  private MixtureEntropy() {}

  /**
   * -sum over k < end of m_k log m_k with m = (p + q) / 2, in nats. Both arrays must be {@link
   * #widen widened} rows, zero-padded to a multiple of 16, so the loops have no tail; {@code end}
   * at most the padded length.
   */
  public static double mixtureEntropyNats(double[] p, double[] q, int end) {
    return VECTOR ? VectorEntropy.mixtureEntropyNats(p, q, end) : scalar(p, q, end);
  }

  /**
   * {@code out[at + j]} = {@link #mixtureEntropyNats}(p, qs[j], max(endP, endQ[j])) for j < count,
   * the same bits: one row against many, so that the full matrices' inner loop pays its set-up once
   * per row rather than once per pair.
   */
  public static void mixtureEntropiesNats(
      double[] p, int endP, double[][] qs, int[] endQ, int count, double[] out, int at) {
    if (VECTOR) {
      VectorEntropy.mixtureEntropiesNats(p, endP, qs, endQ, count, out, at);
      return;
    }
    for (int j = 0; j < count; j++) {
      out[at + j] = scalar(p, qs[j], Math.max(endP, endQ[j]));
    }
  }

  /** Entropy in nats of one widened row: the mixture entropy of the row with itself. */
  public static double entropyNats(double[] p, int end) {
    return mixtureEntropyNats(p, p, end);
  }

  /** The scalar form; package-private so tests can compare it with the vector form bit for bit. */
  static double scalar(double[] p, double[] q, int end) {
    double[] partial = new double[BLOCK];
    for (int k = 0; k < end; k++) {
      double sum = p[k] + q[k];
      partial[k & (BLOCK - 1)] =
          Math.fma(sum, ReproducibleLog.logHalf(sum), partial[k & (BLOCK - 1)]);
    }
    double sum = partial[0] + partial[8];
    for (int r = 1; r < 8; r++) {
      sum += partial[r] + partial[r + 8];
    }
    return -0.5 * sum;
  }

  /** One past the last non-zero element of the row (0 for an all-zero row). */
  public static int supportEnd(float[] row) {
    int end = row.length;
    while (end > 0 && row[end - 1] == 0f) {
      end--;
    }
    return end;
  }

  /**
   * The row widened to doubles once, so the pair loops do not convert each element again for every
   * partner, and zero-padded to {@link #paddedLength}.
   */
  public static double[] widen(float[] row) {
    double[] d = new double[paddedLength(row.length)];
    widen(row, d);
    return d;
  }

  /**
   * Widens the row into {@code into} (of at least {@link #paddedLength} elements, zero past the
   * row).
   */
  public static void widen(float[] row, double[] into) {
    for (int k = 0; k < row.length; k++) {
      into[k] = row[k];
    }
  }

  /** The length rounded up to a multiple of 16. */
  public static int paddedLength(int length) {
    return (length + BLOCK - 1) / BLOCK * BLOCK;
  }
}
