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
 * arithmetic shift and r from the remaining mantissa bits), then with f = r - 1 and s = f / (2 +
 * f), log r = 2 atanh(s) = 2s + s z P(z), z = s^2. Since |s| <= 3 - 2 sqrt(2) = 0.1716, z <=
 * 0.0295, and P, the series 2/3 + 2z/5 + 2z^2/7 + ... economised on that interval to degree 6
 * (scripts/fit-atanh-series: seven coefficients, within 3e-16 of the series, so within 5e-18 of log
 * r relative), leaves an error far below the roundings; the truncated series needed ten terms for
 * the same bound, and each term is a fused multiply-add of the entropy loops. log 2 is split in a
 * high part with trailing zero bits, so that k * LN2_HI is exact for every exponent, and the rest.
 * Measured against {@link StrictMath#log} over (0, 2]: within 2 ulp (ReproducibleLogTest).
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

  /** One step of the exponent field: subtracting it from the bits of a normal double halves it. */
  static final long EXPONENT_STEP = 1L << 52;

  /** The mantissa field of a double's bits. */
  static final long MANTISSA = (1L << 52) - 1;

  /**
   * P(z) = C[0] + C[1] z + ... + C[6] z^6 of log r = 2s + s z P(z): the series of 2 atanh(s) from
   * its second term (2 / (2i + 3)), economised by scripts/fit-atanh-series.
   */
  static final double[] C = {
    0x1.5555555555558p-1,
    0x1.9999999995288p-2,
    0x1.2492492df9f94p-2,
    0x1.c71c62dba6605p-3,
    0x1.7462b73112de7p-3,
    0x1.39fe142880193p-3,
    0x1.2b5baa716e7eap-3
  };

  /** The highest index of {@link #C}. */
  static final int DEGREE = 6;

  /**
   * log(x) for a positive normal double, with exactly the operations of the vector kernel, lane by
   * lane.
   */
  public static double log(double x) {
    return ofCut(Double.doubleToRawLongBits(x) - SQRT_HALF_BITS);
  }

  /**
   * log(x / 2), read from the bits of x with the exponent one less, so that the entropy loops take
   * log m of m = (p + q) / 2 from p + q without the halving: the same bits as {@code log(x * 0.5)}
   * for x > 0 (halving a double is exact), and finite for x = 0.
   */
  static double logHalf(double x) {
    return ofCut(Double.doubleToRawLongBits(x) - SQRT_HALF_BITS - EXPONENT_STEP);
  }

  /** The logarithm from the bits of x less those of the cut: the exponent k and the mantissa r. */
  private static double ofCut(long u) {
    long k = u >> 52;
    double f = Double.longBitsToDouble((u & MANTISSA) + SQRT_HALF_BITS) - 1.0;
    double s = f / (f + 2.0);
    double z = s * s;
    double p = C[DEGREE];
    for (int i = DEGREE - 1; i >= 0; i--) {
      p = Math.fma(p, z, C[i]);
    }
    double dk = (double) k;
    double tail = Math.fma(s * z, p, dk * LN2_LO);
    return Math.fma(dk, LN2_HI, Math.fma(s, 2.0, tail));
  }
}
