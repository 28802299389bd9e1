package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.attentiontopology.divergence.JensenShannon;
import org.attentiontopology.divergence.LogBase;
import org.junit.jupiter.api.Test;

/**
 * The engine's exact shortcuts (the cut just below the enclosing radius, the neighbour walk of a
 * sparse complex) against the plain computation, which the Ripser fixtures hold: same barcode in
 * dimensions 0 to 2, on attention-like Jensen-Shannon matrices (sliding windows, with and without a
 * global token, causal rows, repeated rows) and random metrics with ties.
 */
class ExactShortcutsTest {

  /**
   * Softmax rows over a window of {@code window} tokens around each position (|i - j| < window /
   * 2), plus token 0 for every row and every token for row 0 when {@code global}; causal rows see
   * tokens 0..i only. Every {@code repeat}th row copies the one before, as heads on [CLS] give.
   */
  static float[][] attentionRows(
      Random rnd, int n, int window, boolean global, boolean causal, int repeat) {
    float[][] rows = new float[n][n];
    double temperature = 0.3 + rnd.nextDouble();
    for (int i = 0; i < n; i++) {
      if (repeat > 0 && i % repeat == repeat - 1) {
        rows[i] = rows[i - 1].clone();
        continue;
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        boolean seen = Math.abs(i - j) < window / 2 || (global && (i == 0 || j == 0));
        if (seen && (!causal || j <= i)) {
          rows[i][j] = (float) Math.exp(rnd.nextGaussian() / temperature);
          sum += rows[i][j];
        }
      }
      for (int j = 0; j < n; j++) {
        rows[i][j] /= (float) sum;
      }
    }
    return rows;
  }

  static DistanceMatrix attention(
      Random rnd, int n, int window, boolean global, boolean causal, int repeat) {
    return JensenShannon.distanceMatrix(
        attentionRows(rnd, n, window, global, causal, repeat), LogBase.TWO);
  }

  private static void assertShortcutsExact(DistanceMatrix d, String what) {
    RipsPersistence engine = new RipsPersistence(2);
    List<PersistenceDiagram> plain = engine.compute(d, false, false, false);
    for (int on = 1; on < 8; on++) {
      boolean cut = (on & 1) != 0;
      boolean walk = (on & 2) != 0;
      boolean collapse = (on & 4) != 0;
      assertEquals(
          plain,
          engine.compute(d, cut, walk, collapse),
          what + ": cut " + cut + ", neighbour walk " + walk + ", collapse " + collapse);
    }
    assertEquals(plain, engine.compute(d), what);
  }

  @Test
  void slidingWindowsWithAndWithoutAGlobalTokenAndCausalRows() {
    Random rnd = new Random(16);
    for (int trial = 0; trial < 24; trial++) {
      int n = 12 + rnd.nextInt(40);
      int window = 2 + rnd.nextInt(n / 2);
      boolean global = trial % 2 == 1;
      boolean causal = trial % 3 == 2;
      int repeat = trial % 4 == 3 ? 3 : 0;
      assertShortcutsExact(
          attention(rnd, n, window, global, causal, repeat),
          "n "
              + n
              + " window "
              + window
              + " global "
              + global
              + " causal "
              + causal
              + " repeat "
              + repeat);
    }
  }

  @Test
  void randomMetricsWithTiesAndUserThresholds() {
    Random rnd = new Random(17);
    for (int trial = 0; trial < 40; trial++) {
      DistanceMatrix d =
          RipsPersistenceTest.randomMetric(rnd, 4 + rnd.nextInt(25), 1 + rnd.nextInt(6));
      assertShortcutsExact(d, "trial " + trial);
      double radius = RipsPersistence.enclosingRadius(d);
      for (double threshold : new double[] {radius * rnd.nextDouble(), radius, d.diameter()}) {
        RipsPersistence engine = new RipsPersistence(2, threshold);
        assertEquals(
            engine.compute(d, false, false, false),
            engine.compute(d),
            "trial " + trial + " threshold " + threshold);
      }
    }
  }

  @Test
  void theNeighbourWalkIsTakenWhereTheCutLeavesEdgesOut() {
    // A window of 6 over 40 tokens and a global token: the global row reaches every row below the
    // distance of two
    // rows that share only the global token, so the enclosing radius leaves those pairs out.
    DistanceMatrix d = attention(new Random(3), 40, 6, true, false, 0);
    double radius = RipsPersistence.enclosingRadius(d);
    RipsFiltration cut = new RipsFiltration(d, 1, Math.nextDown(radius), radius);
    assertNotNull(cut.neighbors);
    int edges = 0;
    for (int i = 0; i < d.size(); i++) {
      for (int k = cut.neighborStart[i]; k < cut.neighborStart[i + 1]; k++) {
        int j = cut.neighbors[k];
        assertTrue(d.get(i, j) < radius, "neighbour " + i + "," + j);
        assertTrue(k == cut.neighborStart[i] || j < cut.neighbors[k - 1], "decreasing");
      }
      for (int j = 0; j < d.size(); j++) {
        edges += j != i && d.get(i, j) < radius ? 1 : 0;
      }
    }
    assertEquals(edges, cut.neighbors.length, "every edge below the radius, both ways");
    assertTrue(4 * edges < 3 * d.size() * (d.size() - 1), "sparse: " + edges);
    assertNull(
        new RipsFiltration(d, 1, d.diameter(), Double.POSITIVE_INFINITY).neighbors,
        "all edges within");
  }
}
