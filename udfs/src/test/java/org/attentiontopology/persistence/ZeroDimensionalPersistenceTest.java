package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ZeroDimensionalPersistenceTest {

  /**
   * Kruskal with union-find, written independently of Prim, as the oracle for the death multiset.
   */
  static double[] kruskalDeaths(DistanceMatrix d, double threshold) {
    int n = d.size();
    int m = n * (n - 1) / 2;
    int[][] edges = new int[m][];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        edges[k++] = new int[] {i, j};
      }
    }
    Arrays.sort(edges, (a, b) -> Double.compare(d.get(a[0], a[1]), d.get(b[0], b[1])));
    int[] parent = new int[n];
    for (int i = 0; i < n; i++) {
      parent[i] = i;
    }
    double[] deaths = new double[n];
    Arrays.fill(deaths, Double.POSITIVE_INFINITY);
    int merges = 0;
    for (int[] e : edges) {
      double len = d.get(e[0], e[1]);
      if (len > threshold) {
        break;
      }
      int a = find(parent, e[0]);
      int b = find(parent, e[1]);
      if (a != b) {
        parent[a] = b;
        deaths[merges++] = len;
      }
    }
    Arrays.sort(deaths);
    return deaths;
  }

  private static int find(int[] parent, int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  static DistanceMatrix randomEuclidean(Random rnd, int n, int dims, boolean roundToTies) {
    double[][] p = new double[n][dims];
    for (double[] x : p) {
      for (int k = 0; k < dims; k++) {
        x[k] = roundToTies ? rnd.nextInt(4) : rnd.nextGaussian();
      }
    }
    double[][] full = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        for (int k = 0; k < dims; k++) {
          s += (p[i][k] - p[j][k]) * (p[i][k] - p[j][k]);
        }
        full[i][j] = Math.sqrt(s);
      }
    }
    return DistanceMatrix.fromFull(full);
  }

  @Test
  void deathsAreTheMinimumSpanningTreeLengths() {
    Random rnd = new Random(42);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + rnd.nextInt(40);
      DistanceMatrix d = randomEuclidean(rnd, n, 3, trial % 2 == 0);
      PersistenceDiagram h0 = ZeroDimensionalPersistence.diagram(d);
      assertEquals(n, h0.size(), "H0 has one bar per point");
      assertEquals(1, h0.essentialCount(), "a connected space has one essential class");
      double[] deaths = h0.deaths();
      Arrays.sort(deaths);
      assertArrayEquals(kruskalDeaths(d, Double.POSITIVE_INFINITY), deaths);
      for (int i = 0; i < n; i++) {
        assertEquals(0.0, h0.birth(i), "Rips vertices are born at 0");
      }
    }
  }

  @Test
  void thresholdLeavesOneEssentialBarPerComponent() {
    Random rnd = new Random(9);
    for (int trial = 0; trial < 30; trial++) {
      DistanceMatrix d = randomEuclidean(rnd, 2 + rnd.nextInt(30), 2, false);
      double threshold = 0.3 + rnd.nextDouble();
      ZeroDimensionalPersistence.Result r = ZeroDimensionalPersistence.compute(d, threshold);
      double[] deaths = r.diagram().deaths();
      Arrays.sort(deaths);
      assertArrayEquals(kruskalDeaths(d, threshold), deaths);
      for (int k = 0; k < r.merges(); k++) {
        assertEquals(
            d.get(r.mergeFrom()[k], r.mergeTo()[k]),
            r.mergeLength()[k],
            0.0,
            "merge edge has its length");
        assertTrue(r.mergeLength()[k] <= threshold);
      }
    }
  }

  @Test
  void handWorkedLine() {
    // Points 0, 1, 3 and 7 on a line: merges at 1, 2 and 4.
    double[] x = {0, 1, 3, 7};
    double[][] full = new double[4][4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        full[i][j] = Math.abs(x[i] - x[j]);
      }
    }
    PersistenceDiagram h0 = ZeroDimensionalPersistence.diagram(DistanceMatrix.fromFull(full));
    assertArrayEquals(new double[] {1, 2, 4, Double.POSITIVE_INFINITY}, h0.deaths());
  }

  @Test
  void emptyAndSinglePointSpaces() {
    assertEquals(
        0,
        ZeroDimensionalPersistence.diagram(DistanceMatrix.fromLowerTriangle(0, new double[0]))
            .size());
    PersistenceDiagram one =
        ZeroDimensionalPersistence.diagram(DistanceMatrix.fromLowerTriangle(1, new double[0]));
    assertEquals(1, one.size());
    assertTrue(one.isEssential(0));
  }
}
