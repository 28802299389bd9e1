package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API form and the scalar form of the mixture entropy give the same bits, and both agree
 * with the straightforward loop (Math.log, one running sum) to rounding.
 */
class MixtureEntropyTest {

  private static double[] row(Random rnd, int length, int support, boolean zeros) {
    float[] p = new float[length];
    double sum = 0;
    for (int k = 0; k < support; k++) {
      p[k] = zeros && rnd.nextInt(4) == 0 ? 0f : (float) Math.exp(3 * rnd.nextGaussian());
      sum += p[k];
    }
    for (int k = 0; k < support; k++) {
      p[k] = sum == 0 ? 0f : (float) (p[k] / sum);
    }
    return MixtureEntropy.widen(p);
  }

  @Test
  void vectorAndScalarFormsGiveTheSameBits() {
    assertTrue(VectorSupport.available(), "the tests run with --add-modules=jdk.incubator.vector");
    Random rnd = new Random(23);
    int compared = 0;
    for (int n = 1; n <= 200; n++) {
      for (int trial = 0; trial < 20; trial++) {
        boolean zeros = trial % 2 == 1;
        double[] p = row(rnd, n, 1 + rnd.nextInt(n), zeros);
        double[] q = row(rnd, n, 1 + rnd.nextInt(n), zeros);
        int end = n;
        double vector = MixtureEntropy.mixtureEntropyNats(p, q, end);
        assertEquals(MixtureEntropy.scalar(p, q, end), vector, 0.0, "n=" + n + " trial " + trial);
        compared++;
      }
    }
    assertEquals(4000, compared);
  }

  @Test
  void oneRowAgainstManyGivesTheBitsOfEachPair() {
    Random rnd = new Random(37);
    for (int n : new int[] {1, 15, 16, 17, 40, 121}) {
      int count = 9;
      // Each row zero past its end, as the callers' ends are (supportEnd).
      int endP = 1 + rnd.nextInt(n);
      double[] p = row(rnd, n, endP, true);
      double[][] qs = new double[count][];
      int[] ends = new int[count];
      for (int j = 0; j < count; j++) {
        ends[j] = 1 + rnd.nextInt(n);
        qs[j] = row(rnd, n, ends[j], j % 2 == 0);
      }
      double[] out = new double[count + 3];
      out[0] = out[1] = out[2] = -7.0;
      MixtureEntropy.mixtureEntropiesNats(p, endP, qs, ends, count, out, 3);
      for (int j = 0; j < count; j++) {
        int end = Math.max(endP, ends[j]);
        assertEquals(MixtureEntropy.mixtureEntropyNats(p, qs[j], end), out[3 + j], 0.0, "n=" + n);
        assertEquals(MixtureEntropy.scalar(p, qs[j], end), out[3 + j], 0.0, "n=" + n);
      }
      assertEquals(-7.0, out[2], 0.0, "nothing is written before the offset");
    }
  }

  @Test
  void agreesWithTheStraightforwardLoop() {
    Random rnd = new Random(29);
    for (int n = 1; n <= 300; n += 7) {
      double[] p = row(rnd, n, n, true);
      double[] q = row(rnd, n, n, false);
      double expected = 0;
      for (int k = 0; k < n; k++) {
        double m = 0.5 * (p[k] + q[k]);
        if (m > 0) {
          expected -= m * Math.log(m);
        }
      }
      assertEquals(
          expected,
          MixtureEntropy.mixtureEntropyNats(p, q, n),
          1e-14 * Math.max(1, expected),
          "n=" + n);
    }
  }

  @Test
  void elementsPastTheEndOfBothSupportsChangeNothing() {
    Random rnd = new Random(31);
    double[] p = row(rnd, 100, 37, false);
    double[] q = row(rnd, 100, 21, false);
    double cut = MixtureEntropy.mixtureEntropyNats(p, q, 37);
    assertEquals(cut, MixtureEntropy.mixtureEntropyNats(p, q, 100), 0.0);
    assertEquals(cut, MixtureEntropy.scalar(p, q, 100), 0.0);
  }

  @Test
  void paddedToWholeBlocksOfSixteen() {
    assertEquals(0, MixtureEntropy.paddedLength(0));
    assertEquals(16, MixtureEntropy.paddedLength(1));
    assertEquals(16, MixtureEntropy.paddedLength(16));
    assertEquals(144, MixtureEntropy.paddedLength(129));
    assertEquals(144, MixtureEntropy.widen(new float[129]).length);
  }
}
