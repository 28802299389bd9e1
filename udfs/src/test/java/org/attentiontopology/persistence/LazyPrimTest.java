package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The lazy Prim ({@link ZeroDimensionalPersistence#compute(EdgeLengths, double)}) against the full-matrix Prim on
 * the same lengths, with lower bounds chosen to reach every path of its bookkeeping: bounds of zero (every settle
 * scans and measures), bounds equal to the lengths (every settle ends after its first measurement), random fractions
 * of the lengths, and bounds on a coarse grid (many equal bounds, so the second smallest bound often equals the
 * smallest), on spaces with and without tied lengths, with and without a threshold. JensenShannonEdgesTest does the
 * same on attention-like rows with the Hellinger bound.
 */
public class LazyPrimTest {

  enum Bounds { ZERO, EXACT, FRACTION, GRID, MIXED }

  /**
   * Lengths read from a matrix and bounds from a symmetric table below them. It does not override
   * {@link EdgeLengths#lowerBounds}, so the lazy Prim reads rows through the interface's default.
   */
  static final class MatrixEdges implements EdgeLengths {
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
          double b = switch (k) {
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
     * With FRACTION and MIXED bounds, refinements anywhere between the bound and the length (as the JS edges give
     * them); otherwise the interface's default, the bounds themselves.
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

  /** The merge edges join n points without a cycle (union-find); JensenShannonEdgesTest uses it too. */
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
  void lazyPrimGivesTheDiagramOfTheFullMatrixWhateverTheBounds() {
    Random rnd = new Random(20261124);
    int checked = 0;
    for (int trial = 0; trial < 400; trial++) {
      int n = 1 + rnd.nextInt(60);
      boolean ties = trial % 2 == 0;
      DistanceMatrix d = ZeroDimensionalPersistenceTest.randomEuclidean(rnd, n, 1 + rnd.nextInt(3), ties);
      double diameter = d.diameter();
      for (double threshold : new double[] {Double.POSITIVE_INFINITY, 0.3 * diameter, 0.0}) {
        for (Bounds kind : Bounds.values()) {
          MatrixEdges edges = new MatrixEdges(d, kind, rnd);
          ZeroDimensionalPersistence.Result expected = ZeroDimensionalPersistence.compute(d, threshold);
          ZeroDimensionalPersistence.Result actual = ZeroDimensionalPersistence.compute(edges, threshold);
          String what = "trial " + trial + " n=" + n + " " + kind + " threshold " + threshold;
          assertEquals(expected.diagram(), actual.diagram(), what);
          assertEquals(expected.merges(), actual.merges(), what);
          double[] e = expected.mergeLength().clone();
          double[] l = actual.mergeLength().clone();
          Arrays.sort(e);
          Arrays.sort(l);
          assertArrayEquals(e, l, 0.0, what);
          for (int m = 0; m < actual.merges(); m++) {
            assertEquals(d.get(actual.mergeFrom()[m], actual.mergeTo()[m]), actual.mergeLength()[m], 0.0, what);
            assertTrue(actual.mergeLength()[m] <= threshold, what);
          }
          assertTrue(isSpanningForest(n, actual), what);
          assertTrue(edges.measured <= DistanceMatrix.triangleLength(n), "each edge measured at most once: " + what);
          checked++;
        }
      }
    }
    assertTrue(checked == 400 * 3 * Bounds.values().length, "checked " + checked);
  }

  /** With exact bounds every settle ends after one measurement: exactly n - 1 lengths for a connected space. */
  @Test
  void exactBoundsMeasureOneEdgePerMerge() {
    Random rnd = new Random(5);
    for (int trial = 0; trial < 50; trial++) {
      int n = 2 + rnd.nextInt(40);
      DistanceMatrix d = ZeroDimensionalPersistenceTest.randomEuclidean(rnd, n, 3, false);
      MatrixEdges edges = new MatrixEdges(d, Bounds.EXACT, rnd);
      ZeroDimensionalPersistence.Result r = ZeroDimensionalPersistence.compute(edges, Double.POSITIVE_INFINITY);
      assertEquals(n - 1, r.merges());
      assertEquals(n - 1, edges.measured, "trial " + trial);
    }
  }

  @Test
  void defaultLowerBoundsReadsTheRowPairByPair() {
    Random rnd = new Random(11);
    DistanceMatrix d = ZeroDimensionalPersistenceTest.randomEuclidean(rnd, 9, 2, false);
    MatrixEdges edges = new MatrixEdges(d, Bounds.FRACTION, rnd);
    double[] row = new double[12];
    for (int i = 0; i < 9; i++) {
      Arrays.fill(row, -1.0);
      edges.lowerBounds(i, row);
      for (int j = 0; j < 9; j++) {
        assertEquals(j == i ? 0.0 : edges.lowerBound(i, j), row[j], 0.0, i + "," + j);
      }
      for (int j = 9; j < 12; j++) {
        assertEquals(-1.0, row[j], 0.0, "entries past size() are left alone");
      }
    }
  }
}
