package org.attentiontopology.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.junit.jupiter.api.Test;

/**
 * BottleneckDistance (grid search, lazy lists, sampled scans) against a deliberately naive exact
 * reference: every candidate value sorted, binary search, and at each value a plain augmenting-path
 * matching on the full augmented graph (points plus diagonal copies, (n+m) x (n+m)). Sizes up to
 * 120 points, with clusters and ties, so the search goes through its gallop, bisection and
 * candidate-scan stages.
 */
class BottleneckReferenceTest {
  @Test
  void agreesWithNaiveReference() {
    Random rnd = new Random(2021);
    for (int trial = 0; trial < 40; trial++) {
      PersistenceDiagram a = generate(rnd, trial);
      PersistenceDiagram b = trial % 4 == 0 ? perturb(rnd, a) : generate(rnd, trial + 1);
      double expected = naive(a, b);
      assertEquals(expected, BottleneckDistance.distance(a, b), 0, "trial " + trial);
      assertEquals(expected, BottleneckDistance.distance(b, a), 0, "trial " + trial + " swapped");
    }
  }

  private static PersistenceDiagram generate(Random rnd, int kind) {
    int n = 20 + rnd.nextInt(100);
    PersistenceDiagram.Builder d = new PersistenceDiagram.Builder(1);
    for (int i = 0; i < n; i++) {
      double birth;
      double length;
      switch (kind % 3) {
        case 0 -> { // uniform
          birth = rnd.nextDouble();
          length = rnd.nextDouble() * 0.5;
        }
        case 1 -> { // a few tight clusters: many near-equal distances
          int c = rnd.nextInt(3);
          birth = c * 0.3 + rnd.nextGaussian() * 0.01;
          length = 0.2 + c * 0.1 + Math.abs(rnd.nextGaussian()) * 0.01;
        }
        default -> { // coarse lattice: exact ties
          birth = rnd.nextInt(8) * 0.125;
          length = rnd.nextInt(6) * 0.125;
        }
      }
      d.add(birth, birth + length);
    }
    return d.build();
  }

  private static PersistenceDiagram perturb(Random rnd, PersistenceDiagram a) {
    PersistenceDiagram.Builder d = new PersistenceDiagram.Builder(1);
    for (int i = 0; i < a.size(); i++) {
      double b = a.birth(i) + (rnd.nextDouble() - 0.5) * 2e-3;
      d.add(b, Math.max(b, a.death(i) + (rnd.nextDouble() - 0.5) * 2e-3));
    }
    return d.build();
  }

  static double naive(PersistenceDiagram a, PersistenceDiagram b) {
    int n = a.size();
    int m = b.size();
    int s = n + m;
    double[][] cost = new double[s][s];
    double[] all = new double[s * s];
    int k = 0;
    for (int i = 0; i < s; i++) {
      for (int j = 0; j < s; j++) {
        double c;
        if (i < n && j < m) {
          c = DiagramPoints.linf(a.birth(i), a.death(i), b.birth(j), b.death(j));
        } else if (i < n) {
          c =
              j - m == i
                  ? DiagramPoints.diagonalDistance(a.birth(i), a.death(i))
                  : Double.POSITIVE_INFINITY;
        } else if (j < m) {
          c =
              i - n == j
                  ? DiagramPoints.diagonalDistance(b.birth(j), b.death(j))
                  : Double.POSITIVE_INFINITY;
        } else {
          c = 0;
        }
        cost[i][j] = c;
        if (c < Double.POSITIVE_INFINITY) {
          all[k++] = c;
        }
      }
    }
    double[] values = Arrays.stream(Arrays.copyOf(all, k)).sorted().distinct().toArray();
    int lo = 0;
    int hi = values.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (perfect(cost, values[mid])) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return values.length == 0 ? 0 : values[lo];
  }

  private static boolean perfect(double[][] cost, double r) {
    int s = cost.length;
    int[] mateOfColumn = new int[s];
    Arrays.fill(mateOfColumn, -1);
    for (int i = 0; i < s; i++) {
      if (!augment(cost, r, i, mateOfColumn, new boolean[s])) {
        return false;
      }
    }
    return true;
  }

  private static boolean augment(
      double[][] cost, double r, int i, int[] mateOfColumn, boolean[] seen) {
    for (int j = 0; j < cost.length; j++) {
      if (cost[i][j] <= r && !seen[j]) {
        seen[j] = true;
        if (mateOfColumn[j] < 0 || augment(cost, r, mateOfColumn[j], mateOfColumn, seen)) {
          mateOfColumn[j] = i;
          return true;
        }
      }
    }
    return false;
  }
}
