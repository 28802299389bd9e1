package org.attentiontopology.divergence;

/**
 * The mixture entropy H(m) = -sum m log m of m = (p + q) / 2 in single precision, with a bound on its error: the
 * kernel of the head distances, where it costs 0.4 of {@link MixtureEntropy} per element
 * (scripts/bench-kernels): twice the lanes, a shorter polynomial, the attention floats read as the model gives them.
 *
 * <p>Why a bound and not just a tolerance: JS = H(m) - (H(p) + H(q)) / 2 is a difference of entropies, so an error
 * of H(m) that is small next to H(m) can be large next to a small JS. {@link #errorBound} bounds |computed - exact|
 * rigorously, so a caller can keep the single-precision JS where the bound is a small fraction of it and recompute
 * the rest in double ({@link org.attentiontopology.heads.HeadDistanceContribution#ofFloat}).
 *
 * <p>The logarithm: m = 2^k r with r in [sqrt(1/2), sqrt(2)) read from the bits (as {@link ReproducibleLog} does),
 * f = r - 1 (exact), s = f / (2 + f), log r = 2s + s z (2/3 + 2/5 z + 2/7 z^2 + 2/9 z^3) with z = s^2 <= 0.0295; the
 * series left out is below 2^-28 of log r. Then log m = k ln 2 + log r, ln 2 as a float.
 *
 * <p>The error (u = 2^-24, single precision's unit roundoff), per element, to first order in u:
 * <ul>
 *   <li>m: p + q rounds once (the halving is exact): relative u, so log m moves by at most u.
 *   <li>log r: f + 2 and the division round once each, so s is within 2u of its value relative, and log r, about 2s,
 *       within 2u plus the rounding of the series' tail (a fiftieth of log r) and of the last addition: 4u |log r|.
 *       That is at most 4u |log m| when k = 0, and at most 1.4u otherwise (|log r| <= ln 2 / 2).
 *   <li>k ln 2 + log r: ln 2 as a float is within u relative, the fused add rounds once: u |k ln 2| + u |log m|,
 *       and |k ln 2| <= |log m| + ln 2 / 2.
 *   <li>So the logarithm is within 6u |log m| + 3u (all items so far).
 *   <li>the product m log m rounds once: u |m log m|.
 * </ul>
 * So each term is within 7u m |log m| + 3u m; all m <= 1, so the terms sum to at most 7u H + 3u. The sixteen partial
 * sums each add n = (padded length) / 16 terms in single precision: at most n u H more. The partial sums are then
 * added in double (negligible). {@link #errorBound} returns ((10 + n) H + 8) u, rounded up from (7 + n) H + 3 for
 * the second-order terms and for taking the computed H in place of the exact one. FloatMixtureEntropyTest checks
 * the bound against the double kernel on random, peaked, near-identical and causal rows.
 *
 * <p>Reproducible to the bit, like {@link MixtureEntropy}: sixteen partial sums (partial r takes the elements
 * k = r mod 16), combined as sum over r = 0..7 of (partial r + partial r + 8) in double, left to right; the Vector
 * API form ({@link VectorFloatEntropy}, 8 or 16 lanes) and the scalar form here perform the same IEEE operations
 * in the same order. Zeros: m = 0 contributes exactly 0, as in {@link MixtureEntropy} (the bits of 0 give the finite
 * logarithm -127 ln 2). A subnormal m (below 1.2e-38) gets a logarithm off by up to 88, which moves its term by
 * under 1e-35: inside the bound's constant.
 */
public final class FloatMixtureEntropy {
  /** The bits of (float) sqrt(1/2): subtracting them makes the exponent field of m count from that cut. */
  static final int SQRT_HALF_BITS = 0x3f3504f3;
  static final float LN2 = 0.6931472f;
  static final float C0 = 2f / 3;
  static final float C1 = 2f / 5;
  static final float C2 = 2f / 7;
  static final float C3 = 2f / 9;
  private static final double UNIT_ROUNDOFF = 0x1p-24;

  private static final boolean VECTOR = VectorSupport.available() && VectorFloatEntropy.supported();

  private FloatMixtureEntropy() {}

  /**
   * -sum over k < end of m_k log m_k with m = (p + q) / 2, in nats. Both rows must be zero-padded to a multiple of
   * 16 ({@link #pad}); {@code end} at most the padded length. Elements from {@code end} on are skipped (causal rows).
   */
  public static double mixtureEntropyNats(float[] p, float[] q, int end) {
    double[] out = new double[1];
    mixtureEntropiesNats(p, end, new float[][] {q}, new int[] {end}, 1, out);
    return out[0];
  }

  /**
   * One row against many: {@code out[j]} = {@link #mixtureEntropyNats}(p, qs[j], max(endP, endQ[j])) for j < count,
   * the same bits, at less cost per pair (the head distances' inner loop).
   */
  public static void mixtureEntropiesNats(float[] p, int endP, float[][] qs, int[] endQ, int count, double[] out) {
    if (VECTOR) {
      VectorFloatEntropy.mixtureEntropiesNats(p, endP, qs, endQ, count, out);
      return;
    }
    for (int j = 0; j < count; j++) {
      out[j] = scalar(p, qs[j], Math.max(endP, endQ[j]));
    }
  }

  /**
   * An upper bound on |computed - exact| for a value {@code computedNats} of {@link #mixtureEntropyNats} over
   * {@code end} elements (see the class comment for its derivation).
   */
  public static double errorBound(double computedNats, int end) {
    int perPartial = MixtureEntropy.paddedLength(end) / MixtureEntropy.BLOCK;
    return ((10 + perPartial) * Math.max(0.0, computedNats) + 8) * UNIT_ROUNDOFF;
  }

  /** The row copied into {@code into} (of at least the padded length, zero past the row). */
  public static void pad(float[] row, float[] into) {
    System.arraycopy(row, 0, into, 0, row.length);
  }

  /** The scalar form; package-private so tests can compare it with the vector form bit for bit. */
  static double scalar(float[] p, float[] q, int end) {
    float[] partial = new float[MixtureEntropy.BLOCK];
    for (int k = 0; k < end; k++) {
      float m = (p[k] + q[k]) * 0.5f;
      partial[k & (MixtureEntropy.BLOCK - 1)] -= m * log(m);
    }
    return fold(partial);
  }

  /** The logarithm of the kernel, lane by lane: for positive normal floats, and 0 (-127 ln 2, finite). */
  static float log(float m) {
    int bits = Float.floatToRawIntBits(m);
    int k = (bits - SQRT_HALF_BITS) >> 23;
    float f = Float.intBitsToFloat(bits - (k << 23)) - 1f;
    float s = f / (f + 2f);
    float z = s * s;
    float poly = Math.fma(Math.fma(Math.fma(C3, z, C2), z, C1), z, C0);
    return Math.fma((float) k, LN2, Math.fma(s * z, poly, s + s));
  }

  /** The sixteen partial sums added in double, in the order of the class comment. */
  static double fold(float[] partial) {
    double sum = (double) partial[0] + (double) partial[8];
    for (int r = 1; r < 8; r++) {
      sum += (double) partial[r] + (double) partial[r + 8];
    }
    return sum;
  }
}
