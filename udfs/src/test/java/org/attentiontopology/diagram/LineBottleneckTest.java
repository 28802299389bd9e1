package org.attentiontopology.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-dimensional bottleneck (all births equal: H0 diagrams) against the general grid
 * algorithm, which the gudhi fixtures hold exact: the same value, bit for bit, on random sets with
 * ties, duplicates, zero persistence, empty sides and a non-zero common birth; plus small cases
 * worked by hand.
 */
class LineBottleneckTest {

  @Test
  void equalsTheGridAlgorithmBitForBit() {
    Random rnd = new Random(59);
    int compared = 0;
    for (int trial = 0; trial < 3000; trial++) {
      int n = rnd.nextInt(trial < 100 ? 4 : 60);
      int m = rnd.nextInt(trial < 100 ? 4 : 60);
      if (n + m == 0) {
        continue;
      }
      double birth = trial % 3 == 0 ? 0.0 : trial % 3 == 1 ? 0.37 : -1.25;
      boolean coarse = trial % 4 == 0; // many ties
      double[] ad = LineDiagrams.deaths(rnd, n, birth, coarse);
      double[] bd = LineDiagrams.deaths(rnd, m, birth, coarse);
      double[] ab = LineDiagrams.births(n, birth);
      double[] bb = LineDiagrams.births(m, birth);
      assertTrue(LineBottleneck.applies(ab, bb));
      double line = LineBottleneck.distance(ab, ad, bb, bd);
      double grid = n == 0 || m == 0 ? line : BottleneckDistance.gridDistance(ab, ad, bb, bd);
      assertEquals(grid, line, 0.0, "trial " + trial + " n=" + n + " m=" + m);
      compared++;
    }
    assertTrue(compared > 2900);
  }

  @Test
  void smallCasesByHand() {
    double[] zero1 = {0};
    double[] zero2 = {0, 0};
    // {0.2} against {0.5}: pair them (0.3) or both to the diagonal (max(0.1, 0.25) = 0.25): 0.25.
    assertEquals(
        0.25, LineBottleneck.distance(zero1, new double[] {0.2}, zero1, new double[] {0.5}), 0.0);
    // {1.0} against {0.9}: pairing costs 0.1 (up to rounding of 1.0 - 0.9), the diagonal 0.5.
    assertEquals(
        1.0 - 0.9,
        LineBottleneck.distance(zero1, new double[] {1.0}, zero1, new double[] {0.9}),
        0.0);
    // {1.0, 0.3} against {0.9}: 1.0 pairs with 0.9 (1.0 - 0.9, just below 0.1), 0.3 goes to the
    // diagonal (0.15).
    assertEquals(
        0.15,
        LineBottleneck.distance(zero2, new double[] {1.0, 0.3}, zero1, new double[] {0.9}),
        0.0);
    // {1.0, 0.85} against {0.9}: 1.0 with 0.9 and 0.85 alone costs max(0.1, 0.425) = 0.425; 0.85
    // with 0.9 and 1.0
    // alone costs 0.5. The greedy must keep 0.9 for the point that needs it.
    assertEquals(
        0.425,
        LineBottleneck.distance(zero2, new double[] {1.0, 0.85}, zero1, new double[] {0.9}),
        0.0);
  }

  @Test
  void appliesOnlyWhenEveryBirthIsTheSame() {
    assertTrue(LineBottleneck.applies(new double[] {0, 0}, new double[] {0}));
    assertFalse(LineBottleneck.applies(new double[] {0, 0.1}, new double[] {0}));
    assertFalse(LineBottleneck.applies(new double[] {0}, new double[] {0.1}));
    assertFalse(LineBottleneck.applies(new double[0], new double[0]));
  }
}
