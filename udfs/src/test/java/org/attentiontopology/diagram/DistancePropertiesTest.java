package org.attentiontopology.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.junit.jupiter.api.Test;

/**
 * Metric properties on random diagrams, and a brute-force oracle (every permutation of the
 * augmented matching problem) on tiny ones.
 */
class DistancePropertiesTest {
  private static final double EPS = 1e-9;

  static PersistenceDiagram random(Random rnd, int maxSize, boolean integer) {
    int n = rnd.nextInt(maxSize + 1);
    PersistenceDiagram.Builder b = new PersistenceDiagram.Builder(1);
    for (int i = 0; i < n; i++) {
      double birth = integer ? rnd.nextInt(4) : rnd.nextDouble();
      double length = integer ? rnd.nextInt(4) : rnd.nextDouble() * 0.6;
      b.add(birth, birth + length);
    }
    return b.build();
  }

  @Test
  void metricAxiomsAndOrderingOfTheDistances() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 80; trial++) {
      boolean integer = trial % 3 == 0;
      PersistenceDiagram a = random(rnd, 40, integer);
      PersistenceDiagram b = random(rnd, 40, integer);
      PersistenceDiagram c = random(rnd, 40, integer);
      double ab = BottleneckDistance.distance(a, b);
      assertEquals(ab, BottleneckDistance.distance(b, a), 0, "bottleneck symmetry");
      assertEquals(0, BottleneckDistance.distance(a, a), 0, "bottleneck zero on identical");
      assertTrue(
          ab <= BottleneckDistance.distance(a, c) + BottleneckDistance.distance(c, b) + EPS,
          "triangle");
      double w1 = WassersteinDistance.distance(a, b, 1);
      double w2 = WassersteinDistance.distance(a, b, 2);
      assertEquals(w1, WassersteinDistance.distance(b, a, 1), EPS * Math.max(1, w1), "W1 symmetry");
      assertEquals(0, WassersteinDistance.distance(a, a, 1), 0, "W1 zero on identical");
      assertEquals(0, WassersteinDistance.distance(a, a, 2), 0, "W2 zero on identical");
      assertTrue(
          w1
              <= WassersteinDistance.distance(a, c, 1)
                  + WassersteinDistance.distance(c, b, 1)
                  + EPS);
      assertTrue(
          w2
              <= WassersteinDistance.distance(a, c, 2)
                  + WassersteinDistance.distance(c, b, 2)
                  + EPS);
      assertTrue(ab <= w2 + EPS, "bottleneck <= W2: " + ab + " vs " + w2);
      assertTrue(ab <= WassersteinDistance.distance(a, b, 3.5) + EPS, "bottleneck <= W3.5");
      assertTrue(w2 <= w1 + EPS, "W2 <= W1: " + w2 + " vs " + w1);
    }
  }

  @Test
  void agreesWithBruteForceOnTinyDiagrams() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 300; trial++) {
      boolean integer = trial % 2 == 0;
      PersistenceDiagram a = random(rnd, 4, integer);
      PersistenceDiagram b = random(rnd, 4, integer);
      double[] brute = bruteForce(a, b);
      assertEquals(brute[0], BottleneckDistance.distance(a, b), 0, "bottleneck " + a + b);
      assertEquals(brute[1], WassersteinDistance.distance(a, b, 1), EPS, "W1 " + a + b);
      assertEquals(Math.sqrt(brute[2]), WassersteinDistance.distance(a, b, 2), EPS, "W2 " + a + b);
    }
  }

  /**
   * Augmented problem: A plus m diagonal slots against B plus n diagonal slots; a point of A may
   * take B_j (L-inf distance) or any diagonal slot (its half persistence), likewise for B; slots
   * match each other for free. Returns {bottleneck, sum of costs, sum of squared costs}, each
   * minimised over all (n+m)! permutations.
   */
  static double[] bruteForce(PersistenceDiagram a, PersistenceDiagram b) {
    int n = a.size();
    int m = b.size();
    int s = n + m;
    double[][] cost = new double[s][s];
    for (int i = 0; i < s; i++) {
      for (int j = 0; j < s; j++) {
        if (i < n && j < m) {
          cost[i][j] = DiagramPoints.linf(a.birth(i), a.death(i), b.birth(j), b.death(j));
        } else if (i < n) {
          cost[i][j] = DiagramPoints.diagonalDistance(a.birth(i), a.death(i));
        } else if (j < m) {
          cost[i][j] = DiagramPoints.diagonalDistance(b.birth(j), b.death(j));
        } else {
          cost[i][j] = 0;
        }
      }
    }
    double[] best = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
    permute(new int[s], new boolean[s], 0, cost, best);
    if (s == 0) {
      return new double[] {0, 0, 0};
    }
    return best;
  }

  private static void permute(int[] p, boolean[] used, int k, double[][] cost, double[] best) {
    int s = p.length;
    if (k == s) {
      double max = 0;
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < s; i++) {
        double c = cost[i][p[i]];
        max = Math.max(max, c);
        sum += c;
        sq += c * c;
      }
      best[0] = Math.min(best[0], max);
      best[1] = Math.min(best[1], sum);
      best[2] = Math.min(best[2], sq);
      return;
    }
    for (int j = 0; j < s; j++) {
      if (!used[j]) {
        used[j] = true;
        p[k] = j;
        permute(p, used, k + 1, cost, best);
        used[j] = false;
      }
    }
  }
}
