package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The single-precision mixture entropy: its Vector API and scalar forms give the same bits, its
 * logarithm is as accurate as the class comment says, and {@link FloatMixtureEntropy#errorBound}
 * holds against the double kernel on every kind of row attention produces (spread, peaked,
 * near-identical, causal, long, with underflowed zeros).
 */
class FloatMixtureEntropyTest {
  private static final double U = 0x1p-24;

  /**
   * A softmax row of the given temperature over the first {@code support} of {@code length}
   * positions.
   */
  private static float[] row(Random rnd, int length, int support, double spread, boolean zeros) {
    float[] p = new float[MixtureEntropy.paddedLength(length)];
    double sum = 0;
    double[] w = new double[support];
    for (int k = 0; k < support; k++) {
      w[k] = zeros && rnd.nextInt(4) == 0 ? 0 : Math.exp(spread * rnd.nextGaussian());
      sum += w[k];
    }
    for (int k = 0; k < support; k++) {
      p[k] = sum == 0 ? 0f : (float) (w[k] / sum);
    }
    return p;
  }

  private static double doubleKernel(float[] p, float[] q, int end) {
    double[] a = new double[p.length];
    double[] b = new double[q.length];
    for (int k = 0; k < p.length; k++) {
      a[k] = p[k];
      b[k] = q[k];
    }
    return MixtureEntropy.mixtureEntropyNats(a, b, end);
  }

  @Test
  void vectorAndScalarFormsGiveTheSameBits() {
    assertTrue(VectorSupport.available(), "the tests run with --add-modules=jdk.incubator.vector");
    Random rnd = new Random(41);
    for (int n = 1; n <= 200; n++) {
      for (int trial = 0; trial < 20; trial++) {
        float[] p = row(rnd, n, 1 + rnd.nextInt(n), 1 + trial % 4, trial % 2 == 1);
        float[] q = row(rnd, n, 1 + rnd.nextInt(n), 1 + trial % 3, trial % 3 == 1);
        assertEquals(
            FloatMixtureEntropy.scalar(p, q, n),
            FloatMixtureEntropy.mixtureEntropyNats(p, q, n),
            0.0,
            "n=" + n + " trial " + trial);
      }
    }
  }

  @Test
  void polynomialIsWithinItsStatedErrorOnEveryFloatTheKernelMeets() {
    // Every x = 2r the kernel can form: the 2^23 floats from the cut on. f Q(f) is a product of two
    // floats, exact in
    // double, so this measures the kernel's own numbers, Horner's roundings included, against log2
    // in double.
    double worst = 0;
    int checked = 0;
    for (int bits = FloatMixtureEntropy.CUT_BITS;
        bits < FloatMixtureEntropy.CUT_BITS + (1 << 23);
        bits++) {
      float x = Float.intBitsToFloat(bits);
      float f = x - 2f;
      assertEquals((double) x - 2, f, 0.0, "f = x - 2 must be exact");
      double exact = Math.log(x / 2.0) / Math.log(2);
      worst = Math.max(worst, Math.abs((double) f * FloatMixtureEntropy.polynomial(f) - exact));
      checked++;
    }
    assertEquals(1 << 23, checked);
    assertTrue(worst + 1e-15 <= FloatMixtureEntropy.LOG2_ERROR, "largest error " + worst);
    assertTrue(
        worst > 0.5 * FloatMixtureEntropy.LOG2_ERROR,
        "the stated D is far above the measured " + worst);
    System.out.printf("largest |f Q(f) - log2(1 + f / 2)|: %.3g%n", worst);
  }

  @Test
  void logarithmAcrossTheBinadesOfAttentionWeights() {
    Random rnd = new Random(43);
    for (int i = 0; i < 1_000_000; i++) {
      // Every binade attention weights occupy, and values near 1 where log is small.
      float s =
          i % 2 == 0
              ? (float) Math.exp(-40 * rnd.nextDouble())
              : (float) (2 + 0.02 * rnd.nextGaussian());
      if (!(s >= Float.MIN_NORMAL) || s > 2f) {
        continue;
      }
      double exact = Math.log(s / 2.0) / Math.log(2);
      double error = Math.abs(FloatMixtureEntropy.log2Half(s) - exact);
      assertTrue(
          error <= FloatMixtureEntropy.LOG2_ERROR + U * Math.abs(exact),
          "log2(" + s + " / 2) off by " + error);
    }
  }

  @Test
  void errorBoundHoldsOnEveryKindOfRow() {
    Random rnd = new Random(47);
    double worst = 0;
    int checked = 0;
    int[] lengths = {1, 7, 16, 17, 64, 135, 256, 512};
    for (int length : lengths) {
      for (int trial = 0; trial < 200; trial++) {
        double spread = new double[] {0.1, 1, 3, 8}[trial % 4];
        float[] p = row(rnd, length, length, spread, trial % 5 == 0);
        float[] q;
        switch (trial % 3) {
          case 0 -> q = row(rnd, length, length, spread, false);
          case 1 -> { // near-identical: the case where a tolerance relative to JS would fail
            q = p.clone();
            int k = rnd.nextInt(length);
            q[k] = Math.nextUp(q[k]);
          }
          default ->
              q =
                  row(
                      rnd,
                      length,
                      1 + rnd.nextInt(length),
                      spread,
                      false); // causal: shorter support
        }
        int end = Math.max(MixtureEntropy.supportEnd(p), MixtureEntropy.supportEnd(q));
        double single = FloatMixtureEntropy.mixtureEntropyNats(p, q, end);
        double exact = doubleKernel(p, q, end);
        double bound = FloatMixtureEntropy.errorBound(single, end);
        assertTrue(
            Math.abs(single - exact) <= bound,
            "length "
                + length
                + " trial "
                + trial
                + ": error "
                + Math.abs(single - exact)
                + " over the bound "
                + bound);
        worst = Math.max(worst, Math.abs(single - exact) / bound);
        checked++;
      }
    }
    assertEquals(lengths.length * 200, checked);
    System.out.printf("largest error / bound: %.3f%n", worst);
  }

  @Test
  void zerosPastTheSupportChangeNothing() {
    Random rnd = new Random(53);
    float[] p = row(rnd, 100, 37, 2, false);
    float[] q = row(rnd, 100, 21, 2, false);
    double cut = FloatMixtureEntropy.mixtureEntropyNats(p, q, 37);
    assertEquals(cut, FloatMixtureEntropy.mixtureEntropyNats(p, q, 100), 0.0);
    assertEquals(cut, FloatMixtureEntropy.scalar(p, q, 100), 0.0);
  }
}
