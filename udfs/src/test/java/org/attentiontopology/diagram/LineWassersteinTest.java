package org.attentiontopology.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sweep for points that share one birth against the assignment solvers (held to POT's values by
 * the fixtures): equal to rounding for q = 1, 2 and 3 on random sets with ties, duplicates, zero
 * persistence and empty sides; plus cases worked by hand.
 */
class LineWassersteinTest {

  @Test
  void equalsTheAssignmentSolversToRounding() {
    Random rnd = new Random(61);
    int compared = 0;
    for (int trial = 0; trial < 1500; trial++) {
      int n = rnd.nextInt(trial < 100 ? 4 : 70);
      int m = rnd.nextInt(trial < 100 ? 4 : 70);
      if (n + m == 0) {
        continue;
      }
      double birth = trial % 2 == 0 ? 0.0 : 0.4;
      boolean coarse = trial % 4 == 0;
      double[] ad = LineDiagrams.deaths(rnd, n, birth, coarse);
      double[] bd = LineDiagrams.deaths(rnd, m, birth, coarse);
      for (double q : new double[] {1, 2, 3}) {
        double[] ab = LineDiagrams.births(n, birth);
        double[] bb = LineDiagrams.births(m, birth);
        double line = LineWasserstein.cost(ab, ad, bb, bd, q);
        double assignment = WassersteinDistance.assignmentCost(ab, ad, bb, bd, q);
        assertEquals(
            assignment, line, 1e-12 * Math.max(assignment, 1e-3), "trial " + trial + " q=" + q);
        compared++;
      }
    }
    assertTrue(compared > 4000);
  }

  @Test
  void smallCasesByHand() {
    // {0.2} vs {0.5}, q = 1: pair (0.3) or both to the diagonal (0.1 + 0.25 = 0.35): 0.3.
    assertEquals(
        0.5 - 0.2,
        LineWasserstein.cost(
            new double[] {0}, new double[] {0.2}, new double[] {0}, new double[] {0.5}, 1),
        0.0);
    // {1.0, 0.85} vs {0.9}, q = 2: 1.0 with 0.9 and 0.85 alone: 0.01 + 0.180625; 0.85 with 0.9 and
    // 1.0 alone:
    // 0.0025 + 0.25. The first, 0.190625, up to rounding.
    assertEquals(
        0.190625,
        LineWasserstein.cost(
            new double[] {0, 0}, new double[] {1.0, 0.85}, new double[] {0}, new double[] {0.9}, 2),
        1e-15);
    // One side empty: everything to the diagonal.
    assertEquals(
        0.25 + 0.5,
        LineWasserstein.cost(
            new double[0], new double[0], new double[] {0, 0}, new double[] {0.5, 1.0}, 1),
        0.0);
  }
}
