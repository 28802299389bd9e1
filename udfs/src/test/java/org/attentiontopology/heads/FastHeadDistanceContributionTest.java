package org.attentiontopology.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.attentiontopology.divergence.JensenShannon;
import org.attentiontopology.divergence.LogBase;
import org.junit.jupiter.api.Test;

/**
 * The token-major vectorised sums ({@link HeadDistanceContribution#of}) against the scalar
 * reference loop ({@link HeadDistanceContribution#ofReference}), dense and causal, T from 1 to 300,
 * with identical heads so that exact zeros occur. Per token the terms agree as in
 * FastJensenShannonTest (1e-12 relative plus 1e-14 of the entropies); summed over T tokens the
 * bound is the sum of the per-token bounds.
 */
class FastHeadDistanceContributionTest {

  private static void assertAgree(float[][][][] a, LogBase base, String what) {
    HeadDistanceContribution.Sums fast = HeadDistanceContribution.of(a, base);
    HeadDistanceContribution.Sums reference = HeadDistanceContribution.ofReference(a, base);
    int heads = a[0].length;
    int total = a.length * heads;
    int tokens = a[0][0].length;
    assertEquals(reference.tokens(), fast.tokens());
    int k = 0;
    for (int i = 0; i < total; i++) {
      for (int j = 0; j < i; j++) {
        double entropyFloor = 0;
        for (int t = 0; t < tokens; t++) {
          entropyFloor +=
              JensenShannon.entropyNats(a[i / heads][i % heads][t])
                  + JensenShannon.entropyNats(a[j / heads][j % heads][t]);
        }
        double r = reference.jsDivergenceNats()[k];
        assertEquals(
            r,
            fast.jsDivergenceNats()[k],
            1e-12 * r + 1e-14 * entropyFloor,
            what + " pair " + i + "," + j);
        // sqrt of a divergence near 0 amplifies its absolute error: |sqrt(x + e) - sqrt(x)| <=
        // sqrt(e).
        double d = reference.jsDistance()[k];
        assertEquals(
            d,
            fast.jsDistance()[k],
            1e-12 * d + tokens * Math.sqrt(1e-14 * entropyFloor / tokens),
            what + " distance " + i + "," + j);
        k++;
      }
    }
  }

  @Test
  void sumsAgreeWithTheReferenceLoop() {
    HeadDistanceContributionTest.acrossShapesAndBases(
        5, FastHeadDistanceContributionTest::assertAgree);
  }

  @Test
  void identicalHeadsGiveExactlyZero() {
    Random rnd = new Random(9);
    float[][][][] a = HeadDistanceContributionTest.randomAttention(rnd, 2, 2, 33, true);
    a[1][1] = a[0][0];
    HeadDistanceContribution.Sums s = HeadDistanceContribution.of(a, LogBase.TWO);
    int k = 3 * 2 / 2; // pair (3, 0)
    assertEquals(0.0, s.jsDistance()[k], 0.0);
    assertEquals(0.0, s.jsDivergenceNats()[k], 0.0);
  }

  @Test
  void fullModelShapeAgrees() {
    float[][][][] a =
        HeadDistanceContributionTest.randomAttention(new Random(13), 6, 12, 40, false);
    assertAgree(a, LogBase.TWO, "6x12 heads T=40");
  }
}
