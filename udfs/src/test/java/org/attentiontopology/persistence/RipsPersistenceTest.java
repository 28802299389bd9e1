package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hand-worked barcodes and properties that hold whatever the input. */
class RipsPersistenceTest {
  private static final double SQRT2 = Math.sqrt(2);

  /** Points in R^k by Euclidean distance. */
  static DistanceMatrix euclidean(double[][] p) {
    int n = p.length;
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double s = 0;
        for (int k = 0; k < p[i].length; k++) {
          s += (p[i][k] - p[j][k]) * (p[i][k] - p[j][k]);
        }
        d[i][j] = d[j][i] = Math.sqrt(s);
      }
    }
    return DistanceMatrix.fromFull(d);
  }

  /** The 2k points +-e_i of R^k: the boundary of the cross-polytope, a (k-1)-sphere. */
  static DistanceMatrix crossPolytope(int k) {
    double[][] p = new double[2 * k][k];
    for (int i = 0; i < k; i++) {
      p[2 * i][i] = 1;
      p[2 * i + 1][i] = -1;
    }
    return euclidean(p);
  }

  static DistanceMatrix square() {
    return euclidean(new double[][] {{0, 0}, {1, 0}, {1, 1}, {0, 1}});
  }

  static PersistenceDiagram bars(int dim, double... birthDeath) {
    PersistenceDiagram.Builder b = new PersistenceDiagram.Builder(dim);
    for (int i = 0; i < birthDeath.length; i += 2) {
      b.add(birthDeath[i], birthDeath[i + 1]);
    }
    return b.build();
  }

  @Test
  void squareHasOneLoopFromSideToDiagonal() {
    List<PersistenceDiagram> d = new RipsPersistence(2).compute(square());
    assertEquals(bars(0, 0, 1, 0, 1, 0, 1, 0, Double.POSITIVE_INFINITY), d.get(0));
    assertEquals(bars(1, 1, SQRT2), d.get(1));
    assertEquals(bars(2), d.get(2));
  }

  @Test
  void squareBelowItsDiagonalKeepsTheLoopForever() {
    List<PersistenceDiagram> d = new RipsPersistence(1, 1.2).compute(square());
    assertEquals(bars(1, 1, Double.POSITIVE_INFINITY), d.get(1));
    List<PersistenceDiagram> below = new RipsPersistence(1, 0.5).compute(square());
    assertEquals(4, below.get(0).essentialCount());
    assertEquals(bars(1), below.get(1));
  }

  @Test
  void regularPentagonHasOneLoopFromSideToDiagonal() {
    double[][] p = new double[5][];
    for (int i = 0; i < 5; i++) {
      p[i] = new double[] {Math.cos(2 * Math.PI * i / 5), Math.sin(2 * Math.PI * i / 5)};
    }
    DistanceMatrix d = euclidean(p);
    List<PersistenceDiagram> bars = new RipsPersistence(1).compute(d);
    assertEquals(1, bars.get(1).size());
    // Rounding makes the five sides (and diagonals) differ in the last bits: the loop is born at
    // the longest side
    // and dies at the shortest diagonal.
    double side = 0;
    double diagonal = Double.POSITIVE_INFINITY;
    for (int i = 0; i < 5; i++) {
      side = Math.max(side, d.get(i, (i + 1) % 5));
      diagonal = Math.min(diagonal, d.get(i, (i + 2) % 5));
    }
    assertEquals(bars(1, side, diagonal), bars.get(1));
  }

  @Test
  void octahedronIsATwoSphereFromEdgeToDiameter() {
    List<PersistenceDiagram> d = new RipsPersistence(2).compute(crossPolytope(3));
    assertEquals(bars(1), d.get(1));
    assertEquals(bars(2, SQRT2, 2), d.get(2));
  }

  @Test
  void sixteenCellIsAThreeSphereInDimensionThree() {
    List<PersistenceDiagram> d = new RipsPersistence(4).compute(crossPolytope(4));
    assertEquals(5, d.size());
    assertEquals(bars(1), d.get(1));
    assertEquals(bars(2), d.get(2));
    assertEquals(bars(3, SQRT2, 2), d.get(3));
    assertEquals(bars(4), d.get(4));
  }

  @Test
  void tinySpaces() {
    DistanceMatrix one = DistanceMatrix.fromLowerTriangle(1, new double[0]);
    assertEquals(
        List.of(bars(0, 0, Double.POSITIVE_INFINITY), bars(1), bars(2)),
        new RipsPersistence(2).compute(one));
    DistanceMatrix none = DistanceMatrix.fromLowerTriangle(0, new double[0]);
    assertEquals(List.of(bars(0), bars(1)), new RipsPersistence(1).compute(none));
    DistanceMatrix two = DistanceMatrix.fromLowerTriangle(2, new double[] {0.5});
    assertEquals(
        List.of(bars(0, 0, 0.5, 0, Double.POSITIVE_INFINITY), bars(1), bars(2), bars(3)),
        new RipsPersistence(3).compute(two));
    DistanceMatrix three = DistanceMatrix.fromLowerTriangle(3, new double[] {1, 1, 1});
    assertEquals(
        List.of(bars(0, 0, 1, 0, 1, 0, Double.POSITIVE_INFINITY), bars(1)),
        new RipsPersistence(1).compute(three));
  }

  /**
   * A random metric: shortest paths through random edge weights, rounded so that there are ties.
   */
  static DistanceMatrix randomMetric(Random rnd, int n, int levels) {
    double[][] d = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        d[i][j] = d[j][i] = 1 + rnd.nextInt(levels);
      }
    }
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          d[i][j] = Math.min(d[i][j], d[i][k] + d[k][j]);
        }
      }
    }
    return DistanceMatrix.fromFull(d);
  }

  static DistanceMatrix permute(DistanceMatrix d, int[] perm) {
    int n = d.size();
    double[][] p = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        p[i][j] = d.get(perm[i], perm[j]);
      }
    }
    return DistanceMatrix.fromFull(p);
  }

  static int[] randomPermutation(Random rnd, int n) {
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    return perm;
  }

  @Test
  void zeroDimensionHasOneBarPerPointAndOneEssential() {
    Random rnd = new Random(1);
    for (int trial = 0; trial < 20; trial++) {
      int n = 2 + rnd.nextInt(30);
      DistanceMatrix d = randomMetric(rnd, n, 1 + rnd.nextInt(8));
      PersistenceDiagram h0 = new RipsPersistence(1).compute(d).get(0);
      assertEquals(n, h0.size());
      assertEquals(1, h0.essentialCount());
      for (int i = 0; i < n; i++) {
        assertEquals(0.0, h0.birth(i));
      }
    }
  }

  @Test
  void barsDoNotDependOnTheOrderOfThePoints() throws IOException {
    Random rnd = new Random(2);
    for (Path file : RipsPersistenceFixtureTest.fixtures().toList()) {
      DistanceMatrix d = RipsPersistenceFixtureTest.matrix(file);
      List<PersistenceDiagram> bars = new RipsPersistence(2).compute(d);
      for (int trial = 0; trial < 2; trial++) {
        assertEquals(
            bars,
            new RipsPersistence(2).compute(permute(d, randomPermutation(rnd, d.size()))),
            file.getFileName().toString());
      }
    }
    for (int trial = 0; trial < 20; trial++) {
      DistanceMatrix d = randomMetric(rnd, 5 + rnd.nextInt(20), 1 + rnd.nextInt(4));
      assertEquals(
          new RipsPersistence(2).compute(d),
          new RipsPersistence(2).compute(permute(d, randomPermutation(rnd, d.size()))));
    }
  }

  /** The bars of the filtration cut at t: those born by t, with deaths beyond t made essential. */
  static PersistenceDiagram truncate(PersistenceDiagram full, double t) {
    PersistenceDiagram.Builder b = new PersistenceDiagram.Builder(full.dimension());
    for (int i = 0; i < full.size(); i++) {
      if (full.birth(i) <= t) {
        b.add(full.birth(i), full.death(i) <= t ? full.death(i) : Double.POSITIVE_INFINITY);
      }
    }
    return b.build();
  }

  @Test
  void aThresholdOnlyCutsTheFiltration() throws IOException {
    Random rnd = new Random(3);
    for (Path file : RipsPersistenceFixtureTest.fixtures().toList()) {
      DistanceMatrix d = RipsPersistenceFixtureTest.matrix(file);
      if (d.size() < 2) {
        continue;
      }
      List<PersistenceDiagram> full = new RipsPersistence(2).compute(d);
      double[] tri = d.toLowerTriangle();
      for (int trial = 0; trial < 3; trial++) {
        // At an entry (ties are the delicate case) or between entries.
        double t = tri[rnd.nextInt(tri.length)] * (trial == 2 ? 1.0001 : 1);
        List<PersistenceDiagram> cut = new RipsPersistence(2, t).compute(d);
        for (int dim = 0; dim <= 2; dim++) {
          assertEquals(
              truncate(full.get(dim), t),
              cut.get(dim),
              file.getFileName() + " t=" + t + " dim " + dim);
        }
        assertEquals(cut, new RipsPersistence(2, t, 2).compute(d));
      }
    }
  }

  @Test
  void zeroDimensionalFastPathAgreesWithTheFullEngine() {
    Random rnd = new Random(4);
    for (int trial = 0; trial < 10; trial++) {
      DistanceMatrix d = randomMetric(rnd, 3 + rnd.nextInt(20), 5);
      double t = 1 + rnd.nextInt(4);
      assertEquals(
          new RipsPersistence(1, t).compute(d).get(0), new RipsPersistence(0, t).compute(d).get(0));
    }
  }

  @Test
  void oneInstanceServesManyThreads() throws Exception {
    Random rnd = new Random(5);
    DistanceMatrix[] inputs = new DistanceMatrix[8];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = randomMetric(rnd, 40, 50);
    }
    RipsPersistence engine = new RipsPersistence(2);
    List<List<PersistenceDiagram>> sequential =
        java.util.Arrays.stream(inputs).map(engine::compute).toList();
    List<List<PersistenceDiagram>> parallel =
        java.util.Arrays.stream(inputs).parallel().map(engine::compute).toList();
    assertEquals(sequential, parallel);
  }

  @Test
  void parallelReductionGivesTheSequentialBarcode() {
    Random rnd = new Random(6);
    for (int trial = 0; trial < 6; trial++) {
      int n = 60 + rnd.nextInt(80);
      double[][] p = new double[n][4];
      for (double[] point : p) {
        for (int k = 0; k < 4; k++) {
          point[k] = Math.round(rnd.nextGaussian() * 8) / 8.0; // a coarse grid: many ties
        }
      }
      DistanceMatrix d = trial % 2 == 0 ? euclidean(p) : randomMetric(rnd, n, 20);
      int dim = trial < 4 ? 1 : 2;
      List<PersistenceDiagram> sequential = new RipsPersistence(dim).compute(d);
      for (int threads : new int[] {2, 3, 8}) {
        assertEquals(
            sequential,
            new RipsPersistence(dim, Double.POSITIVE_INFINITY, threads).compute(d),
            "trial " + trial + " with " + threads + " threads");
      }
    }
  }

  @Test
  void badSettingsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RipsPersistence(-1));
    assertThrows(IllegalArgumentException.class, () -> new RipsPersistence(1, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new RipsPersistence(1, -0.5));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new RipsPersistence(1, 1, 0));
    assertTrue(e.getMessage().contains("threads"));
  }
}
