package org.attentiontopology.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.attentiontopology.divergence.LogBase;
import org.junit.jupiter.api.Test;

/**
 * The single-precision head sums ({@link HeadDistanceContribution#ofFloat}) against the double ones
 * ({@link HeadDistanceContribution#of}, themselves checked against the reference loop): every sum
 * within {@link HeadDistanceContribution#FLOAT_RELATIVE_ERROR}, including heads so alike that
 * single precision alone would be wrong by orders of magnitude (the guard must recompute those
 * tokens), identical heads (exactly 0) and causal rows.
 */
class FloatHeadDistanceContributionTest {
  private static final double RHO = HeadDistanceContribution.FLOAT_RELATIVE_ERROR;

  private static void assertWithinRho(float[][][][] a, LogBase base, String what) {
    HeadDistanceContribution.Sums single = HeadDistanceContribution.ofFloat(a, base);
    HeadDistanceContribution.Sums exact = HeadDistanceContribution.of(a, base);
    assertEquals(exact.tokens(), single.tokens());
    for (int k = 0; k < exact.jsDistance().length; k++) {
      double js = exact.jsDivergenceNats()[k];
      // 1e-12 relative for the double kernel's own rounding (FastHeadDistanceContributionTest).
      assertEquals(
          js, single.jsDivergenceNats()[k], (RHO + 1e-12) * js, what + " divergence, pair " + k);
      double d = exact.jsDistance()[k];
      assertEquals(d, single.jsDistance()[k], (RHO + 1e-12) * d, what + " distance, pair " + k);
    }
  }

  @Test
  void sumsAreWithinTheStatedRelativeError() {
    HeadDistanceContributionTest.acrossShapesAndBases(
        61, FloatHeadDistanceContributionTest::assertWithinRho);
  }

  @Test
  void nearlyIdenticalHeadsAreRecomputedInDouble() {
    // Head 1 is head 0 with one weight per row moved by a few ulps: per token JS is around 1e-12
    // nats, a million
    // times below the single-precision error of H(m), so without the guard the sums would be noise.
    Random rnd = new Random(67);
    float[][][][] a = HeadDistanceContributionTest.randomAttention(rnd, 1, 2, 64, false);
    float[][] near = new float[64][];
    for (int t = 0; t < 64; t++) {
      near[t] = a[0][0][t].clone();
      int k = rnd.nextInt(64);
      near[t][k] = Math.nextUp(Math.nextUp(near[t][k]));
    }
    a[0][1] = near;
    HeadDistanceContribution.Sums exact = HeadDistanceContribution.of(a, LogBase.E);
    assertTrue(
        exact.jsDivergenceNats()[0] > 0 && exact.jsDivergenceNats()[0] < 1e-9,
        "the heads differ, barely: " + exact.jsDivergenceNats()[0]);
    assertWithinRho(a, LogBase.E, "nearly identical heads");
  }

  @Test
  void identicalHeadsGiveExactlyZero() {
    float[][][][] a = HeadDistanceContributionTest.randomAttention(new Random(71), 2, 2, 33, true);
    a[1][1] = a[0][0];
    HeadDistanceContribution.Sums s = HeadDistanceContribution.ofFloat(a, LogBase.TWO);
    int k = 3 * 2 / 2; // pair (3, 0)
    assertEquals(0.0, s.jsDistance()[k], 0.0);
    assertEquals(0.0, s.jsDivergenceNats()[k], 0.0);
  }

  @Test
  void fullModelShapeIsWithinTheStatedError() {
    float[][][][] a =
        HeadDistanceContributionTest.randomAttention(new Random(73), 6, 12, 40, false);
    assertWithinRho(a, LogBase.TWO, "6x12 heads T=40");
  }

  @Test
  void knownRowEntropiesGiveTheSameBits() {
    // The job passes the entropies its lazy H0 computed; the sums must not change, in either
    // precision, and the
    // single-precision path must still widen the rows the guard recomputes (near-identical heads
    // force that).
    float[][][][] a = HeadDistanceContributionTest.randomAttention(new Random(79), 2, 3, 30, true);
    a[1][0] = a[0][0].clone();
    a[1][0][5] = a[1][0][5].clone();
    a[1][0][5][0] = Math.nextUp(a[1][0][5][0]);
    double[][] entropies = new double[6][];
    for (int h = 0; h < 6; h++) {
      entropies[h] =
          new org.attentiontopology.divergence.JensenShannonEdges(
                  a[h / 3][h % 3], LogBase.TWO, true)
              .rowEntropiesNats();
    }
    assertEquals(
        java.util.Arrays.toString(HeadDistanceContribution.ofFloat(a, LogBase.TWO).jsDistance()),
        java.util.Arrays.toString(
            HeadDistanceContribution.ofFloat(a, LogBase.TWO, entropies).jsDistance()));
    assertEquals(
        java.util.Arrays.toString(HeadDistanceContribution.of(a, LogBase.TWO).jsDistance()),
        java.util.Arrays.toString(
            HeadDistanceContribution.of(a, LogBase.TWO, entropies).jsDistance()));
  }

  /**
   * Rows the error bound does not cover (summing past 2, or NaN) are refused, naming the head, the
   * row and the fix.
   */
  @Test
  void rowsBeyondTheBoundsReachAreRefused() {
    for (float bad : new float[] {3f, Float.NaN}) {
      float[][][][] a =
          HeadDistanceContributionTest.randomAttention(new Random(71), 1, 3, 10, false);
      a[0][2][4] = a[0][2][4].clone();
      a[0][2][4][0] = bad;
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class,
              () -> HeadDistanceContribution.ofFloat(a, LogBase.TWO));
      assertTrue(
          e.getMessage().contains("head 2, row 4") && e.getMessage().contains("double precision"),
          e.getMessage());
      if (!Float.isNaN(bad)) {
        assertEquals(
            3,
            HeadDistanceContribution.of(a, LogBase.TWO)
                .jsDistance()
                .length); // double takes any vector
      }
    }
  }
}
