package org.attentiontopology.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.junit.jupiter.api.Test;

/**
 * W_q where plain doubles fail: orders so large that cost^q underflows, coordinates so large (or
 * small) that it overflows (or underflows) at q = 2. Oracles: cases worked by hand, and homogeneity
 * W_q(cA, cB) = c W_q(A, B) against the plain computation at c = 1.
 */
class WassersteinExtremesTest {
  private static PersistenceDiagram diagram(double... birthDeath) {
    PersistenceDiagram.Builder b = new PersistenceDiagram.Builder(1);
    for (int i = 0; i < birthDeath.length; i += 2) {
      b.add(birthDeath[i], birthDeath[i + 1]);
    }
    return b.build();
  }

  @Test
  void largeOrdersKeepTheOptimalTerms() {
    // One pair 0.02 apart (deaths 0.1 and 0.12) against 0.05 and 0.06 to the diagonal: W_q = 0.02
    // for every q;
    // 0.02^300 is 1e-510, below the smallest double.
    PersistenceDiagram a = diagram(0, 0.1);
    PersistenceDiagram b = diagram(0, 0.12);
    for (double q : new double[] {1, 2, 300, 1e4, 1e300}) {
      assertEquals(0.12 - 0.1, WassersteinDistance.distance(a, b, q), 1e-17, "q = " + q);
    }
    // Two pairs 0.5 apart, diagonal costs 0.5 to 1.25: W_q = 0.5 * 2^(1/q); the assignment solver
    // (births differ)
    // and the line solver (one birth) both.
    double q = 2000;
    assertEquals(
        0.5 * Math.pow(2, 1 / q),
        WassersteinDistance.distance(diagram(0, 1, 2, 3), diagram(0, 1.5, 2, 3.5), q),
        1e-15);
    assertEquals(
        0.5 * Math.pow(2, 1 / q),
        WassersteinDistance.distance(diagram(0, 1, 0, 2), diagram(0, 1.5, 0, 2.5), q),
        1e-15);
  }

  @Test
  void largeAndSmallCoordinatesAtOrderTwo() {
    // Deaths 3e200 and 2e200 over birth 1e200: the pair costs 1e200, the diagonal 1e200 + 0.5e200:
    // W_2 = 1e200,
    // whose square overflows a double.
    assertEquals(
        1e200,
        WassersteinDistance.distance(diagram(1e200, 3e200), diagram(1e200, 2e200), 2),
        1e185);
    // The same at 1e-200, whose square underflows to 0.
    assertEquals(
        1e-200, WassersteinDistance.distance(diagram(0, 3e-200), diagram(0, 2e-200), 2), 1e-215);
  }

  @Test
  void homogeneousOverManyScalesAndBothSolvers() {
    Random rnd = new Random(17);
    for (int n : new int[] {12, 260}) { // 260 x 260 points take the sparse solver
      double[] a = new double[2 * n];
      double[] b = new double[2 * n];
      for (int i = 0; i < 2 * n; i += 2) {
        a[i] = rnd.nextDouble();
        a[i + 1] = a[i] + rnd.nextDouble();
        b[i] = rnd.nextDouble();
        b[i + 1] = b[i] + rnd.nextDouble();
      }
      for (double q : new double[] {1, 2, 3.5}) {
        double plain = WassersteinDistance.distance(diagram(a), diagram(b), q);
        for (double c : new double[] {1e150, 1e-150, 1e280}) {
          double scaled =
              WassersteinDistance.distance(diagram(times(a, c)), diagram(times(b, c)), q);
          assertEquals(plain, scaled / c, 1e-12 * plain, "n = " + n + ", q = " + q + ", c = " + c);
        }
      }
    }
  }

  private static double[] times(double[] x, double c) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * c;
    }
    return out;
  }
}
