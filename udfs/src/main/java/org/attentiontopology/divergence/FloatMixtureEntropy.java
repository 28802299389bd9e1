package org.attentiontopology.divergence;

/**
 * The mixture entropy H(m) = -sum m log m of m = (p + q) / 2 in single precision, with a bound on
 * its error: the kernel of the head distances, where it costs a fraction of {@link MixtureEntropy}
 * per element (scripts/bench-kernels): twice the lanes, no division, the attention floats read as
 * the model gives them.
 *
 * <p>Why a bound and not just a tolerance: JS = H(m) - (H(p) + H(q)) / 2 is a difference of
 * entropies, so an error of H(m) that is small next to H(m) can be large next to a small JS. {@link
 * #errorBound} bounds |computed - exact| rigorously, so a caller can keep the single-precision JS
 * where the bound is a small fraction of it and recompute the rest in double ({@link
 * org.attentiontopology.heads.HeadDistanceContribution#ofFloat}).
 *
 * <p>The arithmetic, per element, chosen for the multiply-add units (the loop is bound by them, not
 * by memory):
 *
 * <ul>
 *   <li>s = p + q, never halved: H(m) = -(ln 2 / 2) sum s log2 m, so the halving, the natural-log
 *       scale and the sign all move to the one multiplication at the end;
 *   <li>log2 m = e + log2 r with m = 2^e r, r in [sqrt(1/2), sqrt(2)), read from the bits of s (the
 *       cut at {@link #CUT_BITS}, 2 sqrt(1/2), is the cut of m = s / 2 at sqrt(1/2)); x = 2r is s
 *       with its exponent replaced, f = x - 2 is exact (Sterbenz: x lies in [1, 4]);
 *   <li>log2 r = log2(1 + f / 2) is f Q(f), Q a polynomial of degree 6 fitted for the least maximum
 *       error on f in [-0.586, 0.829], evaluated by Horner's rule in fused multiply-adds, and e
 *       joins in the last one: l = fl(f Q(f) + e). No division: the atanh series this replaced
 *       needed one per element, on the same units the loop is bound by (scripts/bench-kernels
 *       measures the kernel).
 *   <li>the partial sum of the element's lane takes s l in one fused multiply-add.
 * </ul>
 *
 * <p>The error (u = 2^-24, single precision's unit roundoff), to first order in u:
 *
 * <ul>
 *   <li>f Q(f) as computed, Horner's roundings included, is within D = {@link #LOG2_ERROR} of log2
 *       r for every one of the 2^23 floats x the kernel can meet: FloatMixtureEntropyTest evaluates
 *       all of them (the product f Q is exact in double, so the test measures the kernel's own
 *       numbers). Adding e rounds once: |l - log2 m| is at most D + u |log2 m|.
 *   <li>s is p + q within u relative, so s l is within 2m (2u |log2 m| + D) of 2 m log2 m.
 *   <li>each of the sixteen partial sums rounds its n = (padded length) / 16 multiply-adds once
 *       each: n u of the sum of its |terms|.
 *   <li>the partial sums are added in double and scaled by ln 2 / 2 once (negligible).
 * </ul>
 *
 * In nats, for rows that each sum to at most 2 (so the m sum to at most 2; attention rows sum to
 * 1), the error is at most (2 + n) u H + 2 ln 2 D. {@link #errorBound} returns ((3 + n) H + 8) u +
 * 2 ln 2 D: the extra u H and 8 u cover the second-order terms, the use of the computed H for the
 * exact one, and leave a margin of at least 8 u that callers may count on ({@link
 * JensenShannonEdges#refinedLowerBounds}). FloatMixtureEntropyTest checks the bound against the
 * double kernel on random, peaked, near-identical and causal rows.
 *
 * <p>Reproducible to the bit, like {@link MixtureEntropy}: sixteen partial sums (partial r takes
 * the elements k = r mod 16), combined in double as ((d0 + d1) + (d2 + d3)) + ((d4 + d5) + (d6 +
 * d7)) with d_r = partial r + partial r + 8; the Vector API form ({@link VectorFloatEntropy}, 8 or
 * 16 lanes) and the scalar form here perform the same IEEE operations in the same order. Zeros: s =
 * 0 contributes exactly 0 (the bits of 0 give the finite l = -128, and 0 times it is -0.0, which
 * adds nothing). A subnormal s (below 1.2e-38) gets an l that is off by up to about 130, which
 * moves its term by under 1e-35: inside the bound's constant.
 */
public final class FloatMixtureEntropy {
  /**
   * The bits of 2 (float) sqrt(1/2): s = p + q is cut there, which is m = s / 2 cut at sqrt(1/2).
   */
  static final int CUT_BITS = 0x3f3504f3 + (1 << 23);

  /**
   * Q, lowest degree first: log2(1 + f / 2) ~ f Q(f) on f in [2 sqrt(1/2) - 2, 2 sqrt(2) - 2],
   * fitted by Lawson's iteration for the least maximum error and rounded to float
   * (scripts/fit-log2-polynomial).
   */
  static final float Q0 = 0.721349835395813f;

  static final float Q1 = -0.18034395575523376f;
  static final float Q2 = 0.06005815416574478f;
  static final float Q3 = -0.02243518829345703f;
  static final float Q4 = 0.009289401583373547f;
  static final float Q5 = -0.004260737914592028f;
  static final float Q6 = 0.001333025749772787f;

  /**
   * D: the largest |f Q(f) - log2(1 + f / 2)| over every float x = 2 + f the kernel meets, Horner's
   * roundings included (3.46e-7, measured over all 2^23 of them by FloatMixtureEntropyTest),
   * rounded up.
   */
  static final double LOG2_ERROR = 3.5e-7;

  private static final double HALF_LN2 = 0.5 * Math.log(2);

  /**
   * u in {@link #errorBound}: public, with {@link #LOG2_TERM}, for callers that evaluate the bound
   * lane by lane.
   */
  public static final double UNIT_ROUNDOFF = 0x1p-24;

  /** 2 ln 2 D, the polynomial's share of {@link #errorBound}. */
  public static final double LOG2_TERM = 2 * Math.log(2) * LOG2_ERROR;

  private static final boolean VECTOR = VectorSupport.available() && VectorFloatEntropy.supported();

  private FloatMixtureEntropy() {}

  /**
   * -sum over k < end of m_k log m_k with m = (p + q) / 2, in nats. Both rows must be zero-padded
   * to a multiple of 16 ({@link #pad}); {@code end} at most the padded length. Elements from {@code
   * end} on are skipped (causal rows).
   */
  public static double mixtureEntropyNats(float[] p, float[] q, int end) {
    double[] out = new double[1];
    mixtureEntropiesNats(p, end, new float[][] {q}, new int[] {end}, 1, out);
    return out[0];
  }

  /**
   * One row against many: {@code out[j]} = {@link #mixtureEntropyNats}(p, qs[j], max(endP,
   * endQ[j])) for j < count, the same bits, at less cost per pair (the head distances' inner loop).
   */
  public static void mixtureEntropiesNats(
      float[] p, int endP, float[][] qs, int[] endQ, int count, double[] out) {
    if (VECTOR) {
      VectorFloatEntropy.mixtureEntropiesNats(p, endP, qs, endQ, count, out);
      return;
    }
    for (int j = 0; j < count; j++) {
      out[j] = scalar(p, qs[j], Math.max(endP, endQ[j]));
    }
  }

  /**
   * An upper bound on |computed - exact| for a value {@code computedNats} of {@link
   * #mixtureEntropyNats} over {@code end} elements of rows that each sum to at most 2 (see the
   * class comment for its derivation).
   */
  public static double errorBound(double computedNats, int end) {
    // ((3 + n) max(0, H) + 8) u + 2 ln 2 D in this order of operations, which a caller evaluating
    // the bound lane by
    // lane (VectorPairTerms) repeats for the same bits.
    double n = termsPerPartial(end);
    return ((3 + n) * Math.max(0.0, computedNats) + 8) * UNIT_ROUNDOFF + LOG2_TERM;
  }

  /**
   * n of {@link #errorBound}: the terms each of the sixteen partial sums adds for rows ending at
   * {@code end}.
   */
  public static int termsPerPartial(int end) {
    return MixtureEntropy.paddedLength(end) / MixtureEntropy.BLOCK;
  }

  /** The row copied into {@code into} (of at least the padded length, zero past the row). */
  public static void pad(float[] row, float[] into) {
    System.arraycopy(row, 0, into, 0, row.length);
  }

  /** The scalar form; package-private so tests can compare it with the vector form bit for bit. */
  static double scalar(float[] p, float[] q, int end) {
    float[] partial = new float[MixtureEntropy.BLOCK];
    for (int k = 0; k < end; k++) {
      float s = p[k] + q[k];
      int r = k & (MixtureEntropy.BLOCK - 1);
      partial[r] = Math.fma(s, log2Half(s), partial[r]);
    }
    return fromPartials(partial);
  }

  /**
   * log2(s / 2) as the kernel computes it, lane by lane: for positive normal floats, and 0 (-128,
   * finite).
   */
  static float log2Half(float s) {
    int bits = Float.floatToRawIntBits(s);
    int e = (bits - CUT_BITS) >> 23;
    float f = Float.intBitsToFloat(bits - (e << 23)) - 2f;
    return Math.fma(f, polynomial(f), (float) e);
  }

  /** Q(f) by Horner's rule, as the kernel evaluates it. */
  static float polynomial(float f) {
    return Math.fma(
        Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(Q6, f, Q5), f, Q4), f, Q3), f, Q2), f, Q1),
        f,
        Q0);
  }

  /** H(m) in nats from the sixteen partial sums of s log2 m. */
  static double fromPartials(float[] partial) {
    double[] pairs = new double[8];
    for (int r = 0; r < 8; r++) {
      pairs[r] = (double) partial[r] + (double) partial[r + 8];
    }
    return fromPairs(pairs);
  }

  /**
   * H(m) in nats from d_r = partial r + partial r + 8 (r < 8), added in the order of the class
   * comment.
   */
  static double fromPairs(double[] d) {
    return -HALF_LN2 * (((d[0] + d[1]) + (d[2] + d[3])) + ((d[4] + d[5]) + (d[6] + d[7])));
  }
}
