package org.attentiontopology.divergence;

/**
 * The natural logarithm of the Jensen-Shannon kernels, written so that scalar code and Vector API
 * code of any width, interpreted or compiled, give the same bits: only IEEE operations that round
 * exactly once (add, multiply, divide, fused multiply-add, integer bit operations), in one fixed
 * order. {@link Math#log} and the Vector API's lanewise LOG (SVML on x86) are each accurate but not
 * to the same last bit, so tables computed with them would depend on which code path and which JIT
 * stage ran; with this logarithm they do not.
 *
 * <p>The method: x = 2^k * r with r in [sqrt(1/2), sqrt(2)) read from the bits of x (one
 * subtraction of the bits of sqrt(1/2) puts the cut there, so the exponent comes out of one
 * arithmetic shift), then with f = r - 1 and s = f / (2 + f), log r = 2 atanh(s) = 2s + 2s^3/3 +
 * 2s^5/5 + ... . Since |s| <= 3 - 2 sqrt(2) = 0.1716, s^2 <= 0.0295 and ten terms leave a
 * truncation error below 2^-53 relative. log 2 is split in a high part with trailing zero bits, so
 * that k * LN2_HI is exact for every exponent, and the rest. Measured against {@link
 * StrictMath#log} over (0, 2]: within 2 ulp (ReproducibleLogTest); as fast as SVML in the entropy
 * loops (scripts/bench-pipeline).
 *
 * <p>Domain: positive normal doubles, which is all the kernels pass as mixtures (attention values
 * are floats, whose smallest positive value is a normal double), and zero: its bits give k = -1023
 * and f = 0, so log 0 comes out as -1023 log 2, finite, and m log m = 0 for m = 0 without a branch.
 * Subnormals, infinities and NaN are not handled.
 */
public final class ReproducibleLog {
  private ReproducibleLog() {}

  /**
   * The bits of sqrt(1/2) rounded down: subtracting them makes the exponent field of x count from
   * that cut.
   */
  static final long SQRT_HALF_BITS = 0x3fe6a09e667f3bcdL;

  /**
   * log 2 to 32 significant bits (its low 21 bits are zero), so k * LN2_HI is exact for |k| < 2^11.
   */
  static final double LN2_HI = 0x1.62e42fefa0000p-1;

  /** log 2 - LN2_HI. */
  static final double LN2_LO = 0x1.cf79abc9e3b3ap-40;

  /**
   * Coefficients of log r = 2s + s z (C[0] + C[1] z + ... + C[9] z^9) with z = s^2: C[i] = 2 / (2i
   * + 3), the series of 2 atanh(s) from its second term.
   */
  static final double[] C = coefficients();

  private static double[] coefficients() {
    double[] c = new double[10];
    for (int i = 0; i < c.length; i++) {
      c[i] = 2.0 / (2 * i + 3);
    }
    return c;
  }

  /**
   * log(x) for a positive normal double, with exactly the operations of the vector kernel, lane by
   * lane.
   */
  public static double log(double x) {
    long bits = Double.doubleToRawLongBits(x);
    long k = (bits - SQRT_HALF_BITS) >> 52;
    double f = Double.longBitsToDouble(bits - (k << 52)) - 1.0;
    double s = f / (f + 2.0);
    double z = s * s;
    double p = C[9];
    for (int i = 8; i >= 0; i--) {
      p = Math.fma(p, z, C[i]);
    }
    double dk = (double) k;
    double tail = Math.fma(s * z, p, dk * LN2_LO);
    return Math.fma(dk, LN2_HI, (s + s) + tail);
  }
}
