package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * H0 from bounds ({@link ZeroDimensionalPersistence#compute(EdgeLengths, double)}, {@link
 * SpanningTreeFromBounds}) against the full-matrix Prim on the same lengths, with lower bounds
 * chosen to reach every path: bounds of zero (the guessed tree is arbitrary and every pair is in
 * doubt), bounds equal to the lengths (the guess is right and nothing is in doubt), random
 * fractions of the lengths, and bounds on a coarse grid (many equal keys, so the guessed tree
 * breaks ties), on spaces with and without tied lengths, with and without a threshold; and its
 * parts: the vector and scalar passes, the guessed trees, the ordering. JensenShannonEdgesTest does
 * the same on attention-like rows with the Hellinger bound.
 */
public class SpanningTreeFromBoundsTest {

  enum Bounds {
    ZERO,
    EXACT,
    FRACTION,
    GRID,
    MIXED
  }

  /**
   * Lengths read from a matrix and bounds from a symmetric table below them. It overrides neither
   * {@link EdgeLengths#lowerBoundKeys} nor {@link EdgeLengths#keyAtLeast}: the keys are the bounds.
   */
  static class MatrixEdges implements EdgeLengths {
    private final DistanceMatrix lengths;
    private final double[][] bounds;
    private final Bounds kind;
    private final Random refinements;
    long measured;

    MatrixEdges(DistanceMatrix lengths, Bounds kind, Random rnd) {
      this.lengths = lengths;
      this.kind = kind;
      this.refinements = new Random(rnd.nextLong());
      int n = lengths.size();
      bounds = new double[n][n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          double d = lengths.get(i, j);
          Bounds k = kind == Bounds.MIXED ? Bounds.values()[rnd.nextInt(4)] : kind;
          double b =
              switch (k) {
                case ZERO -> 0.0;
                case EXACT -> d;
                case FRACTION -> d * rnd.nextDouble();
                case GRID -> Math.floor(d * 4) / 4;
                default -> throw new AssertionError(k);
              };
          bounds[i][j] = b;
          bounds[j][i] = b;
        }
      }
    }

    @Override
    public int size() {
      return lengths.size();
    }

    @Override
    public double lowerBound(int i, int j) {
      return bounds[i][j];
    }

    @Override
    public double length(int i, int j) {
      measured++;
      return lengths.get(i, j);
    }

    /**
     * With FRACTION and MIXED bounds, refinements anywhere between the bound and the length (as the
     * JS edges give them); otherwise the interface's default, the bounds themselves.
     */
    @Override
    public void refinedLowerBounds(int w, int[] us, int count, double[] into) {
      if (kind != Bounds.FRACTION && kind != Bounds.MIXED) {
        EdgeLengths.super.refinedLowerBounds(w, us, count, into);
        return;
      }
      for (int c = 0; c < count; c++) {
        double b = bounds[us[c]][w];
        double d = lengths.get(us[c], w);
        into[c] = Math.min(d, b + (d - b) * refinements.nextDouble());
      }
    }
  }

  /**
   * The merge edges join n points without a cycle (union-find); JensenShannonEdgesTest uses it too.
   */
  public static boolean isSpanningForest(int n, ZeroDimensionalPersistence.Result r) {
    int[] root = new int[n];
    for (int i = 0; i < n; i++) {
      root[i] = i;
    }
    for (int m = 0; m < r.merges(); m++) {
      int a = r.mergeFrom()[m];
      int b = r.mergeTo()[m];
      while (root[a] != a) {
        a = root[a];
      }
      while (root[b] != b) {
        b = root[b];
      }
      if (a == b) {
        return false;
      }
      root[a] = b;
    }
    return true;
  }

  @Test
  void theDiagramIsThatOfTheFullMatrixWhateverTheBounds() {
    Random rnd = new Random(20261124);
    int checked = 0;
    for (int trial = 0; trial < 400; trial++) {
      int n = 1 + rnd.nextInt(60);
      boolean ties = trial % 2 == 0;
      DistanceMatrix d =
          ZeroDimensionalPersistenceTest.randomEuclidean(rnd, n, 1 + rnd.nextInt(3), ties);
      double diameter = d.diameter();
      for (double threshold : new double[] {Double.POSITIVE_INFINITY, 0.3 * diameter, 0.0}) {
        for (Bounds kind : Bounds.values()) {
          MatrixEdges edges = new MatrixEdges(d, kind, rnd);
          ZeroDimensionalPersistence.Result expected =
              ZeroDimensionalPersistence.compute(d, threshold);
          ZeroDimensionalPersistence.Result actual =
              ZeroDimensionalPersistence.compute(edges, threshold);
          String what = "trial " + trial + " n=" + n + " " + kind + " threshold " + threshold;
          assertEquals(expected.diagram(), actual.diagram(), what);
          assertEquals(expected.merges(), actual.merges(), what);
          double[] e = expected.mergeLength().clone();
          double[] l = actual.mergeLength().clone();
          Arrays.sort(e);
          Arrays.sort(l);
          assertArrayEquals(e, l, 0.0, what);
          for (int m = 0; m < actual.merges(); m++) {
            assertEquals(
                d.get(actual.mergeFrom()[m], actual.mergeTo()[m]),
                actual.mergeLength()[m],
                0.0,
                what);
            assertTrue(actual.mergeLength()[m] <= threshold, what);
          }
          assertTrue(isSpanningForest(n, actual), what);
          assertTrue(
              edges.measured <= DistanceMatrix.triangleLength(n),
              "each edge measured at most once: " + what);
          checked++;
        }
      }
    }
    assertTrue(checked == 400 * 3 * Bounds.values().length, "checked " + checked);
  }

  /**
   * With exact bounds the guessed tree is a minimum one and no pair is in doubt: exactly its n - 1
   * lengths.
   */
  @Test
  void exactBoundsMeasureOneEdgePerMerge() {
    Random rnd = new Random(5);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + rnd.nextInt(40);
      DistanceMatrix d = ZeroDimensionalPersistenceTest.randomEuclidean(rnd, n, 3, false);
      MatrixEdges edges = new MatrixEdges(d, Bounds.EXACT, rnd);
      ZeroDimensionalPersistence.Result r =
          ZeroDimensionalPersistence.compute(edges, Double.POSITIVE_INFINITY);
      assertEquals(n - 1, r.merges());
      assertEquals(n - 1, edges.measured, "trial " + trial);
    }
  }

  @Test
  void theDefaultKeysAreTheBoundsAndTheirHeavyKeyTheLength() {
    Random rnd = new Random(11);
    DistanceMatrix d = ZeroDimensionalPersistenceTest.randomEuclidean(rnd, 9, 2, false);
    MatrixEdges edges = new MatrixEdges(d, Bounds.FRACTION, rnd);
    double[] keys = edges.lowerBoundKeys();
    assertEquals(DistanceMatrix.triangleLength(9), keys.length);
    int at = 0;
    for (int i = 0; i < 9; i++) {
      for (int j = 0; j < i; j++) {
        assertEquals(edges.lowerBound(i, j), keys[at++], 0.0, i + "," + j);
      }
    }
    assertEquals(0.25, edges.keyAtLeast(0.25), 0.0);
  }

  /**
   * Random keys in [-1, 1] (some negative, as float Hellinger bounds can be), with ties when asked.
   */
  private static double[] randomKeys(Random rnd, int n, boolean ties) {
    double[] keys = new double[n * (n - 1) / 2];
    for (int k = 0; k < keys.length; k++) {
      keys[k] = ties ? (rnd.nextInt(7) - 1) / 5.0 : 2 * rnd.nextDouble() - 1;
    }
    return keys;
  }

  private static int[] rowStarts(int n) {
    int[] rowStart = new int[n];
    for (int i = 0; i < n; i++) {
      rowStart[i] = i * (i - 1) / 2;
    }
    return rowStart;
  }

  private static double keyOf(double[] keys, int a, int b) {
    return keys[Math.max(a, b) * (Math.max(a, b) - 1) / 2 + Math.min(a, b)];
  }

  /**
   * Both guessed trees span the points, and where keys are non-negative and distinct each is the
   * tree of least total key (the packed comparison of Boruvka's rounds drops only 16 low bits of
   * the mantissa, far below the gaps here): the same total as the full-matrix Prim's on the keys.
   */
  @Test
  void theGuessedTreesSpanAndAreMinimalOnDistinctKeys() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        SpanningTreeFromBounds.VECTOR, "the Vector API is not in this JVM");
    Random rnd = new Random(23);
    for (int trial = 0; trial < 300; trial++) {
      int n = 2 + rnd.nextInt(trial < 150 ? 20 : 300);
      boolean ties = trial % 3 == 0;
      double[] keys = randomKeys(rnd, n, ties);
      boolean nonNegative = trial % 2 == 1 && !ties;
      if (nonNegative) {
        for (int k = 0; k < keys.length; k++) {
          keys[k] = Math.abs(keys[k]);
        }
      }
      int[] rowStart = rowStarts(n);
      int[] a = new int[n - 1];
      int[] b = new int[n - 1];
      VectorSpanningTree.boruvka(keys, rowStart, n, a, b);
      int[] parent = SpanningTreeFromBounds.primTree(keys, rowStart, n);
      int[] pa = new int[n - 1];
      int[] pb = new int[n - 1];
      for (int v = 1; v < n; v++) {
        pa[v - 1] = v;
        pb[v - 1] = parent[v];
      }
      String what = "trial " + trial + " n=" + n;
      assertTrue(isSpanningTree(n, a, b), "Boruvka, " + what);
      assertTrue(isSpanningTree(n, pa, pb), "Prim, " + what);
      if (nonNegative) {
        double boruvka = 0;
        double prim = 0;
        for (int e = 0; e < n - 1; e++) {
          boruvka += keyOf(keys, a[e], b[e]);
          prim += keyOf(keys, pa[e], pb[e]);
        }
        DistanceMatrix asMatrix = DistanceMatrix.fromLowerTriangle(n, keys);
        double full = 0;
        for (double l :
            ZeroDimensionalPersistence.compute(asMatrix, Double.POSITIVE_INFINITY).mergeLength()) {
          full += l;
        }
        assertEquals(full, boruvka, 1e-9 * n, "Boruvka, " + what);
        assertEquals(full, prim, 1e-9 * n, "Prim, " + what);
      }
    }
  }

  private static boolean isSpanningTree(int n, int[] a, int[] b) {
    int[] root = new int[n];
    for (int i = 0; i < n; i++) {
      root[i] = i;
    }
    for (int e = 0; e < a.length; e++) {
      int ra = SpanningTreeFromBounds.find(root, a[e]);
      int rb = SpanningTreeFromBounds.find(root, b[e]);
      if (ra == rb) {
        return false;
      }
      root[ra] = rb;
    }
    return a.length == n - 1;
  }

  /**
   * The vector search for pairs in doubt finds what the scalar one finds, in the same order, in
   * rows of any length.
   */
  @Test
  void theVectorSearchForDoubtfulPairsIsTheScalarOne() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        SpanningTreeFromBounds.VECTOR, "the Vector API is not in this JVM");
    Random rnd = new Random(29);
    for (int trial = 0; trial < 100; trial++) {
      int n = 2 + rnd.nextInt(100);
      double[] keys = randomKeys(rnd, n, trial % 2 == 0);
      double[] heavy = randomKeys(rnd, n, trial % 4 == 0);
      for (int k = 0; k < heavy.length; k += 1 + rnd.nextInt(9)) {
        heavy[k] = Double.NEGATIVE_INFINITY;
      }
      int[] rowStart = rowStarts(n);
      int[] vector = new int[n];
      int[] scalar = new int[n];
      for (int i = 1; i < n; i++) {
        int count = VectorSpanningTree.doubtful(keys, heavy, rowStart[i], i, vector);
        assertEquals(
            SpanningTreeFromBounds.scalarDoubtful(keys, heavy, rowStart[i], i, scalar), count);
        assertArrayEquals(
            Arrays.copyOf(scalar, count),
            Arrays.copyOf(vector, count),
            "trial " + trial + " row " + i);
      }
    }
  }

  /**
   * Kruskal's order: the indices sorted by value, through the packed path and the general one
   * (negative values).
   */
  @Test
  void ascendingSortsTheIndicesByValue() {
    Random rnd = new Random(31);
    for (int trial = 0; trial < 300; trial++) {
      int count = rnd.nextInt(200);
      double[] values = new double[count];
      for (int i = 0; i < count; i++) {
        values[i] =
            switch (trial % 4) {
              case 0 -> rnd.nextDouble();
              case 1 -> rnd.nextInt(5) / 4.0; // ties, zeros
              case 2 ->
                  1 + Math.ulp(1.0) * rnd.nextInt(4); // apart only in the bits the packing drops
              default -> rnd.nextDouble() - 0.5; // negative values: the general path
            };
      }
      if (count > 0 && trial % 5 == 0) {
        values[rnd.nextInt(count)] = -0.0;
      }
      int[] order = SpanningTreeFromBounds.ascending(values, count);
      boolean[] seen = new boolean[count];
      for (int p = 0; p < count; p++) {
        assertTrue(!seen[order[p]], "a permutation, trial " + trial);
        seen[order[p]] = true;
        if (p > 0) {
          assertTrue(values[order[p - 1]] <= values[order[p]], "trial " + trial + " at " + p);
        }
      }
    }
  }

  /**
   * A NaN length, from an EdgeLengths that is not a metric, is refused with the edge named, not
   * dropped.
   */
  @Test
  void aNanLengthIsRefusedNamingTheEdge() {
    Random rnd = new Random(37);
    DistanceMatrix d = ZeroDimensionalPersistenceTest.randomEuclidean(rnd, 12, 2, false);
    EdgeLengths nan =
        new MatrixEdges(d, Bounds.ZERO, rnd) {
          @Override
          public double length(int i, int j) {
            return Math.min(i, j) == 3 && Math.max(i, j) == 7 ? Double.NaN : super.length(i, j);
          }
        };
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> ZeroDimensionalPersistence.compute(nan, Double.POSITIVE_INFINITY));
    assertTrue(
        e.getMessage().contains("points 3 and 7") || e.getMessage().contains("points 7 and 3"),
        e.getMessage());
  }
}
