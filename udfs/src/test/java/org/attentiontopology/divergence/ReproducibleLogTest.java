package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The kernels' logarithm against StrictMath.log (fdlibm, correctly rounded to within 1 ulp). */
class ReproducibleLogTest {

  private static double ulpsFromStrict(double x) {
    double expected = StrictMath.log(x);
    return Math.abs(ReproducibleLog.log(x) - expected) / Math.ulp(expected);
  }

  @Test
  void withinTwoUlpOverTheRangeOfAttentionMixtures() {
    Random rnd = new Random(11);
    double worst = 0;
    for (int i = 0; i < 2_000_000; i++) {
      // Uniform in (0, 2] for the bulk, and log-uniform down to the smallest positive float for
      // tiny mixtures.
      double x = i % 2 == 0 ? 2 * (1 - rnd.nextDouble()) : Math.exp(-104 * rnd.nextDouble());
      worst = Math.max(worst, ulpsFromStrict(x));
    }
    assertTrue(worst <= 2, "worst error " + worst + " ulp");
  }

  @Test
  void exactWhereTheLogarithmIsKnownExactly() {
    assertEquals(0.0, ReproducibleLog.log(1.0), 0.0);
    for (int k = -1022; k <= 1023; k++) {
      double x = Math.scalb(1.0, k);
      // k log 2 rounded once: LN2_HI times k is exact, so only the final addition of k * LN2_LO
      // rounds.
      assertTrue(ulpsFromStrict(x) <= 1, "2^" + k);
    }
  }

  @Test
  void aroundTheReductionCutAndAtTheEndsOfTheDomain() {
    double cut = Math.sqrt(0.5);
    for (double x :
        new double[] {
          cut,
          Math.nextDown(cut),
          Math.nextUp(cut),
          2 * cut,
          Math.nextDown(2 * cut),
          Math.nextUp(1.0),
          Math.nextDown(1.0),
          Double.MIN_NORMAL,
          Float.MIN_VALUE,
          1e-300,
          Double.MAX_VALUE
        }) {
      assertTrue(ulpsFromStrict(x) <= 2, "x = " + x);
    }
  }

  @Test
  void logHalfIsTheLogarithmOfHalfTheArgumentToTheBit() {
    // The entropy loops take log m from p + q: it must be log((p + q) / 2) exactly as log computes
    // it, down to the smallest mixtures of float attention.
    Random rnd = new Random(13);
    for (int i = 0; i < 1_000_000; i++) {
      double x = i % 2 == 0 ? 4 * (1 - rnd.nextDouble()) : Math.exp(-104 * rnd.nextDouble());
      assertEquals(ReproducibleLog.log(x * 0.5), ReproducibleLog.logHalf(x), 0.0, "x = " + x);
    }
    for (double x : new double[] {Float.MIN_VALUE, Double.MIN_NORMAL * 2, 1.0, 2.0, 4.0}) {
      assertEquals(ReproducibleLog.log(x * 0.5), ReproducibleLog.logHalf(x), 0.0, "x = " + x);
    }
    assertTrue(Double.isFinite(ReproducibleLog.logHalf(0.0)));
    assertEquals(0.0, 0.0 * ReproducibleLog.logHalf(0.0), 0.0);
  }

  @Test
  void zeroHasAFiniteLogarithmSoThatZeroTimesItIsZero() {
    // The kernels rely on this instead of a clamp: m = 0 must contribute 0, not NaN.
    assertEquals(-1023 * Math.log(2), ReproducibleLog.log(0.0), 1e-9);
    assertEquals(0.0, 0.0 * ReproducibleLog.log(0.0), 0.0);
    assertEquals(-128f, FloatMixtureEntropy.log2Half(0f), 1e-5f);
    assertEquals(0f, Math.fma(0f, FloatMixtureEntropy.log2Half(0f), 0f), 0f);
    assertEquals(0x1p-24f, Math.fma(0f, FloatMixtureEntropy.log2Half(0f), 0x1p-24f), 0f);
  }
}
