package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.attentiontopology.divergence.FastJensenShannonTest.Kind;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.ZeroDimensionalPersistence;
import org.junit.jupiter.api.Test;

/**
 * The Hellinger bound of the Jensen-Shannon edges, and H0 computed lazily from them against H0 of
 * the full matrix.
 */
class JensenShannonEdgesTest {

  /**
   * Attention-like rows: most mass on a few tokens, as in trained heads, so that some rows are
   * close.
   */
  static float[][] peakedRows(Random rnd, int n) {
    float[][] rows = new float[n][n];
    int targets = 1 + rnd.nextInt(4);
    for (float[] row : rows) {
      double sum = 0;
      for (int k = 0; k < n; k++) {
        boolean target = k % Math.max(1, n / targets) == 0;
        row[k] = (float) Math.exp((target ? 4 : 0) + 0.7 * rnd.nextGaussian());
        sum += row[k];
      }
      for (int k = 0; k < n; k++) {
        row[k] /= (float) sum;
      }
    }
    return rows;
  }

  @Test
  void refinedBoundsAreBelowTheComputedLengths() {
    // The single-precision refinements less their proven error, on every kind of row, and on rows a
    // few ulps apart
    // (the small divergences where single precision alone is far off).
    Random rnd = new Random(59);
    int checked = 0;
    for (int n = 2; n <= 150; n += (n < 20 ? 1 : 17)) {
      for (int variant = 0; variant <= Kind.values().length; variant++) {
        float[][] rows;
        if (variant < Kind.values().length) {
          rows = FastJensenShannonTest.rows(rnd, n, Kind.values()[variant]);
        } else {
          rows = FastJensenShannonTest.rows(rnd, n, Kind.values()[0]);
          for (int i = 1; i < n; i += 2) {
            rows[i] = rows[i - 1].clone();
            int k = rnd.nextInt(rows[i].length);
            rows[i][k] = Math.nextUp(rows[i][k]);
          }
        }
        for (LogBase base : LogBase.values()) {
          for (boolean sqrt : new boolean[] {true, false}) {
            JensenShannonEdges edges = new JensenShannonEdges(rows, base, sqrt);
            for (int w = 0; w < n; w++) {
              int[] us = new int[n - 1];
              int count = 0;
              for (int u = 0; u < n; u++) {
                if (u != w) {
                  us[count++] = u;
                }
              }
              double[] refined = new double[count];
              edges.refinedLowerBounds(w, us, count, refined);
              for (int c = 0; c < count; c++) {
                double length = edges.length(us[c], w);
                assertTrue(
                    refined[c] <= length,
                    "variant "
                        + variant
                        + " n="
                        + n
                        + " "
                        + us[c]
                        + ","
                        + w
                        + ": "
                        + refined[c]
                        + " > "
                        + length);
                checked++;
              }
            }
          }
        }
      }
    }
    assertTrue(checked > 100_000, "checked " + checked);
  }

  @Test
  void theBoundIsBelowTheComputedLengthAndTheTheoremsUpperSideHolds() {
    Random rnd = new Random(41);
    int checked = 0;
    for (int n = 2; n <= 150; n += (n < 20 ? 1 : 17)) {
      for (Kind kind : Kind.values()) {
        float[][] rows = FastJensenShannonTest.rows(rnd, n, kind);
        for (LogBase base : LogBase.values()) {
          for (boolean sqrt : new boolean[] {true, false}) {
            JensenShannonEdges edges = new JensenShannonEdges(rows, base, sqrt);
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < i; j++) {
                double length = edges.length(i, j);
                assertTrue(edges.lowerBound(i, j) <= length, kind + " n=" + n + " " + i + "," + j);
                checked++;
              }
            }
          }
        }
        // JS <= H^2 as well (nats), with the straightforward formulas: the inequality, not the
        // code, is tested.
        for (int i = 1; i < n; i++) {
          double[] p = widen(rows[i]);
          double[] q = widen(rows[i - 1]);
          double js = JensenShannon.divergence(p, q, LogBase.E);
          double h2 = 0;
          for (int k = 0; k < p.length; k++) {
            h2 += 0.5 * Math.pow(Math.sqrt(p[k]) - Math.sqrt(q[k]), 2);
          }
          assertTrue(
              js >= Math.log(2) * h2 - 1e-15 && js <= h2 + 1e-15,
              "log 2 H^2 <= JS <= H^2: " + js + " " + h2);
        }
      }
    }
    assertTrue(checked > 50_000, "checked " + checked);
  }

  private static double[] widen(float[] row) {
    double[] d = new double[row.length];
    for (int k = 0; k < row.length; k++) {
      d[k] = row[k];
    }
    return d;
  }

  @Test
  void lazyH0EqualsH0OfTheFullMatrixWithFewerLengths() {
    Random rnd = new Random(43);
    long lazy = 0;
    long full = 0;
    for (int n = 1; n <= 140; n += (n < 12 ? 1 : 11)) {
      for (int variant = 0; variant < 5; variant++) {
        float[][] rows =
            variant < Kind.values().length
                ? FastJensenShannonTest.rows(rnd, n, Kind.values()[variant])
                : peakedRows(rnd, n);
        DistanceMatrix matrix = FastJensenShannon.distanceMatrix(rows, LogBase.TWO, true);
        for (double threshold : new double[] {Double.POSITIVE_INFINITY, 0.3}) {
          JensenShannonEdges edges = new JensenShannonEdges(rows, LogBase.TWO, true);
          ZeroDimensionalPersistence.Result expected =
              ZeroDimensionalPersistence.compute(matrix, threshold);
          ZeroDimensionalPersistence.Result actual =
              ZeroDimensionalPersistence.compute(edges, threshold);
          String what = "n=" + n + " variant " + variant + " threshold " + threshold;
          // The diagram to the bit; the merge edges may differ only where edges tie, so compare
          // their lengths
          // as sorted multisets, and check every lazy merge edge has the length of its matrix
          // entry.
          assertEquals(expected.diagram(), actual.diagram(), what);
          double[] e = expected.mergeLength().clone();
          double[] l = actual.mergeLength().clone();
          java.util.Arrays.sort(e);
          java.util.Arrays.sort(l);
          assertArrayEquals(e, l, 0.0, what);
          for (int m = 0; m < actual.merges(); m++) {
            assertEquals(
                matrix.get(actual.mergeFrom()[m], actual.mergeTo()[m]),
                actual.mergeLength()[m],
                0.0,
                what);
          }
          assertTrue(
              org.attentiontopology.persistence.SpanningTreeFromBoundsTest.isSpanningForest(
                  n, actual),
              what);
          lazy += edges.lengthsComputed();
          full += DistanceMatrix.triangleLength(n);
        }
      }
    }
    assertTrue(lazy < full, lazy + " lengths computed lazily, " + full + " in the full matrices");
  }

  /**
   * Each bound is the bound of its pair's key, symmetric; and the heavy key of a length is one
   * whose bound reaches the length (so every pair at or above it is rightly ruled out), and a key a
   * billionth lower would not (so few pairs get a closer look than they need).
   */
  @Test
  void boundsComeFromTheKeysAndTheHeavyKeyIsTight() {
    Random rnd = new Random(47);
    for (int n : new int[] {1, 2, 3, 17, 64}) {
      float[][] rows = peakedRows(rnd, n);
      for (LogBase base : new LogBase[] {LogBase.TWO, LogBase.E}) {
        for (boolean sqrt : new boolean[] {true, false}) {
          JensenShannonEdges edges = new JensenShannonEdges(rows, base, sqrt);
          double[] keys = edges.lowerBoundKeys();
          String what = "n=" + n + " " + base + " sqrt=" + sqrt;
          int at = 0;
          for (int i = 0; i < n; i++) {
            assertEquals(0.0, edges.lowerBound(i, i), 0.0);
            for (int j = 0; j < i; j++) {
              assertEquals(
                  edges.boundOfKey(keys[at++]),
                  edges.lowerBound(i, j),
                  0.0,
                  what + " " + i + "," + j);
              assertEquals(
                  edges.lowerBound(i, j), edges.lowerBound(j, i), 0.0, what + " symmetric");
            }
          }
          for (int t = 0; t < 200; t++) {
            double length =
                t == 0
                    ? Double.MIN_VALUE
                    : Math.pow(10, -12 * rnd.nextDouble()) * (sqrt ? 1.2 : 1.0);
            double key = edges.keyAtLeast(length);
            double bound = edges.boundOfKey(key);
            assertTrue(
                bound >= length,
                what + ": the bound of the heavy key of " + length + " is " + bound);
            assertTrue(
                edges.boundOfKey(key * (1 - 1e-9)) < length,
                what
                    + ": the heavy key of "
                    + length
                    + " is "
                    + key
                    + ", more than a billionth above the least");
          }
          assertEquals(Double.NEGATIVE_INFINITY, edges.keyAtLeast(0.0), 0.0, what);
        }
      }
    }
  }

  /**
   * Rows with a NaN are not distributions: their bounds are refused, as a distance matrix refuses
   * NaN entries.
   */
  @Test
  void aNanRowIsRefused() {
    float[][] rows = peakedRows(new Random(3), 5);
    rows[2][1] = Float.NaN;
    JensenShannonEdges edges = new JensenShannonEdges(rows, LogBase.TWO, true);
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> edges.lowerBound(0, 1));
  }

  /**
   * A row's lengths to all earlier rows at once are its lengths one by one, to the bit: on peaked
   * rows, causal rows (zero past their token) and copies moved by 1e-6, whose lengths come from the
   * cancellation-free sum.
   */
  @Test
  void aRowsLengthsAtOnceAreItsLengthsOneByOne() {
    Random rnd = new Random(59);
    int n = 40;
    float[][] rows = peakedRows(rnd, n);
    for (int i = 10; i < 20; i++) {
      java.util.Arrays.fill(rows[i], i + 1, n, 0f);
    }
    for (int i = 20; i < 30; i++) {
      rows[i] = CancellationFreeDivergenceTest.moved(rnd, rows[i - 20], 1e-6, 2);
    }
    JensenShannonEdges edges = new JensenShannonEdges(rows, LogBase.TWO, true);
    double[] into = new double[n + 3];
    for (int i = 1; i < n; i++) {
      edges.lengthsToEarlierRows(i, into, 3);
      for (int j = 0; j < i; j++) {
        assertEquals(edges.length(i, j), into[3 + j], 0.0, i + "," + j);
      }
    }
    double[] p = widen(rows[0]);
    double[] q = widen(rows[20]);
    double nats = CancellationFreeDivergence.divergenceNats(p, q, n);
    assertTrue(nats > 0, "the moved copy differs");
    double expected = Math.sqrt(nats / Math.log(2));
    edges.lengthsToEarlierRows(20, into, 0);
    assertEquals(expected, into[0], 1e-9 * expected, "the near-identical pair");
  }

  /**
   * One workspace through heads of changing sizes and row lengths, including a shorter row length
   * with the same padded length (stale values past the row would change entropies and lengths):
   * everything equals fresh instances.
   */
  @Test
  void aReusedWorkspaceGivesWhatFreshInstancesGive() {
    Random rnd = new Random(53);
    JensenShannonEdges.Workspace workspace = new JensenShannonEdges.Workspace();
    int[][] shapes = {{17, 30}, {17, 20}, {17, 20}, {40, 40}, {5, 9}, {17, 30}, {1, 3}};
    for (int[] shape : shapes) {
      float[][] rows = new float[shape[0]][shape[1]];
      for (float[] row : rows) {
        VectorSupportTest.softmaxRow(rnd, row, 3);
      }
      String what = shape[0] + " rows of " + shape[1];
      JensenShannonEdges fresh = new JensenShannonEdges(rows, LogBase.TWO, true);
      JensenShannonEdges reused = new JensenShannonEdges(rows, LogBase.TWO, true, workspace);
      assertArrayEquals(fresh.rowEntropiesNats(), reused.rowEntropiesNats(), 0.0, what);
      ZeroDimensionalPersistence.Result expected =
          ZeroDimensionalPersistence.compute(fresh, Double.POSITIVE_INFINITY);
      ZeroDimensionalPersistence.Result actual =
          ZeroDimensionalPersistence.compute(reused, Double.POSITIVE_INFINITY);
      assertEquals(expected.diagram(), actual.diagram(), what);
      assertArrayEquals(expected.mergeLength(), actual.mergeLength(), 0.0, what);
      assertEquals(fresh.lengthsComputed(), reused.lengthsComputed(), what);
      int n = rows.length;
      double[] a = new double[n];
      double[] b = new double[n];
      int[] all = java.util.stream.IntStream.range(0, n).toArray();
      int pairs = n * (n - 1) / 2;
      assertArrayEquals(
          java.util.Arrays.copyOf(fresh.lowerBoundKeys(), pairs),
          java.util.Arrays.copyOf(reused.lowerBoundKeys(), pairs),
          0.0,
          what + ", keys");
      for (int i = 0; i < n; i++) {
        fresh.refinedLowerBounds(i, all, n, a);
        reused.refinedLowerBounds(i, all, n, b);
        assertArrayEquals(a, b, 0.0, what + ", refined bounds of row " + i);
        for (int j = 0; j < n; j++) {
          if (j != i) {
            assertEquals(fresh.length(i, j), reused.length(i, j), 0.0, what);
          }
        }
      }
    }
  }

  /**
   * An instance whose workspace a later instance took over is refused with a message, not answered
   * wrongly.
   */
  @Test
  void anInstanceWhoseWorkspaceWasTakenOverIsRefused() {
    Random rnd = new Random(59);
    JensenShannonEdges.Workspace workspace = new JensenShannonEdges.Workspace();
    JensenShannonEdges first =
        new JensenShannonEdges(peakedRows(rnd, 9), LogBase.TWO, true, workspace);
    double before = first.length(0, 1);
    JensenShannonEdges second =
        new JensenShannonEdges(peakedRows(rnd, 9), LogBase.TWO, true, workspace);
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, () -> first.length(0, 1));
    assertTrue(e.getMessage().contains("its own workspace"), e.getMessage());
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class, () -> first.lowerBound(0, 1));
    org.junit.jupiter.api.Assertions.assertThrows(
        IllegalStateException.class,
        () -> first.refinedLowerBounds(0, new int[] {1}, 1, new double[1]));
    assertTrue(second.length(0, 1) >= 0);
    assertTrue(before >= 0);
  }
}
