package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The edge collapse on a case worked by hand and its invariants on attention-like matrices; that it
 * leaves every barcode as it was is held by ExactShortcutsTest and the Ripser fixtures.
 */
class EdgeCollapseTest {

  @Test
  void aSquareWithItsDiagonalsKeepsOneDiagonal() {
    // Sides at rank 0, diagonals at rank 1, rank 2 = no edge. At rank 1 the complex is a
    // tetrahedron; the diagonal
    // swept first is dominated by a corner (the other two are adjacent to it through the other
    // diagonal) and no
    // later time undoes that, so it goes; the other diagonal's link {1, 3} (or {0, 2}) then has no
    // vertex adjacent
    // to both, so it stays, and the square's hole lives from rank 0 to rank 1. The sides have no
    // common neighbour
    // at rank 0 and stay.
    int n = 4;
    int[] rank = new int[n * n];
    int[][] sides = {{0, 1}, {1, 2}, {2, 3}, {3, 0}};
    for (int[] s : sides) {
      rank[s[0] * n + s[1]] = 0;
      rank[s[1] * n + s[0]] = 0;
    }
    int[][] diagonals = {{0, 2}, {1, 3}};
    for (int[] dg : diagonals) {
      rank[dg[0] * n + dg[1]] = 1;
      rank[dg[1] * n + dg[0]] = 1;
    }
    int[] after = EdgeCollapse.collapse(rank, n, 2);
    for (int[] s : sides) {
      assertEquals(0, after[s[0] * n + s[1]]);
    }
    int d02 = after[0 * n + 2];
    int d13 = after[1 * n + 3];
    assertTrue(
        (d02 == 1 && d13 == 2) || (d02 == 2 && d13 == 1),
        "one diagonal kept at 1, one gone: " + d02 + " " + d13);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(after[i * n + j], after[j * n + i], "symmetric");
      }
    }
  }

  @Test
  void edgesAreOnlyDelayedOrRemovedAndAttentionLosesMany() {
    Random rnd = new Random(5);
    long before = 0;
    long kept = 0;
    for (int trial = 0; trial < 12; trial++) {
      int n = 30 + rnd.nextInt(40);
      DistanceMatrix d =
          ExactShortcutsTest.attention(
              rnd, n, 4 + rnd.nextInt(n), trial % 2 == 0, trial % 3 == 0, trial % 4 == 0 ? 3 : 0);
      double radius = RipsPersistence.enclosingRadius(d);
      RipsFiltration f = new RipsFiltration(d, 1, Math.nextDown(radius), radius);
      int absent = f.thresholdRank + 1;
      int[] after = EdgeCollapse.collapse(f.rank, n, absent);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          int r = f.rank[i * n + j];
          int a = after[i * n + j];
          assertTrue(a >= r, "edge " + i + "," + j + " moved earlier: " + r + " -> " + a);
          assertTrue(r < absent || a == absent, "edge " + i + "," + j + " appeared");
          before += r < absent ? 1 : 0;
          kept += a < absent ? 1 : 0;
        }
      }
    }
    assertTrue(kept < 0.8 * before, "collapse kept " + kept + " of " + before + " edges");
  }

  @Test
  void collapsingIsSkippedWhereFewEdgesAreDominatedWithTheSameDiagrams() {
    Random rnd = new Random(7);
    int n = 700; // 244,650 edges
    DistanceMatrix causal = causalSoftmax(rnd, n);
    DistanceMatrix repeated = ExactShortcutsTest.attention(rnd, n, 2 * n, false, false, 2);
    double causalShare = share(causal);
    double repeatedShare = share(repeated);
    assertTrue(causalShare < EdgeCollapse.PAYS_FROM, "causal rows: " + causalShare);
    assertTrue(repeatedShare >= EdgeCollapse.PAYS_FROM, "repeated rows: " + repeatedShare);
    // Skipped or not, the diagrams are those of the plain computation.
    RipsPersistence engine = new RipsPersistence(1);
    assertEquals(engine.compute(causal, false, false, false), engine.compute(causal));
    assertEquals(engine.compute(repeated, false, false, false), engine.compute(repeated));
    // Below EdgeCollapse.NEVER_BELOW nothing collapses for H1, however many edges are dominated;
    // for H2 small complexes always collapse.
    double radius = RipsPersistence.enclosingRadius(repeated);
    assertFalse(new RipsFiltration(repeated, 1, Math.nextDown(radius), radius).collapsePays(1));
    DistanceMatrix small = ExactShortcutsTest.attention(rnd, 60, 120, false, true, 0);
    double smallRadius = RipsPersistence.enclosingRadius(small);
    assertTrue(
        new RipsFiltration(small, 2, Math.nextDown(smallRadius), smallRadius).collapsePays(2));
  }

  @Test
  void theCollapseIsRepeatedWhileAPassRemovesAQuarterWithTheSameDiagrams() {
    DistanceMatrix d = softmax(new Random(3), 160, false);
    double radius = RipsPersistence.enclosingRadius(d);
    RipsFiltration f = new RipsFiltration(d, 1, Math.nextDown(radius), radius);
    int absent = f.thresholdRank + 1;
    int[] once = EdgeCollapse.collapse(f.rank, f.n, absent);
    int afterOnce = RipsFiltration.orderOf(once, f.n, absent).length;
    assertTrue(afterOnce >= RipsFiltration.AGAIN_FROM, "edges after one pass: " + afterOnce);
    assertTrue(4 * (f.edgesInOrder().length - afterOnce) >= f.edgesInOrder().length);
    int repeated = f.collapsed(1, true).edgesInOrder().length;
    assertTrue(repeated < afterOnce, "one pass " + afterOnce + ", repeated " + repeated);
    RipsPersistence engine = new RipsPersistence(1);
    assertEquals(engine.compute(d, false, false, false), engine.compute(d));
  }

  @Test
  void theSweepMatchesTheDefinitionAndListsTheEdgesItLeavesInOrder() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 14; trial++) {
      // One, two and three words of neighbours per vertex; few distinct ranks (ties at every
      // time) or attention's nearly all distinct ones.
      int n = trial < 6 ? 20 + rnd.nextInt(40) : trial < 10 ? 70 + rnd.nextInt(50) : 130;
      int[] rank;
      int absent;
      if (trial % 2 == 0) {
        int ranks = 2 + rnd.nextInt(6);
        absent = ranks;
        rank = new int[n * n];
        for (int i = 1; i < n; i++) {
          for (int j = 0; j < i; j++) {
            // now and then no edge at all
            int r = rnd.nextInt(8) == 0 ? absent : rnd.nextInt(ranks);
            rank[i * n + j] = r;
            rank[j * n + i] = r;
          }
        }
      } else {
        DistanceMatrix d =
            ExactShortcutsTest.attention(rnd, n, 4 + rnd.nextInt(n), trial % 3 == 0, false, 2);
        double radius = RipsPersistence.enclosingRadius(d);
        RipsFiltration f = new RipsFiltration(d, 1, Math.nextDown(radius), radius);
        rank = f.rank;
        absent = f.thresholdRank + 1;
      }
      int[] edges = RipsFiltration.orderOf(rank, n, absent);
      int[] edgeRanks = new int[edges.length];
      for (int e = 0; e < edges.length; e++) {
        edgeRanks[e] = rank[(edges[e] >>> 16) * n + (edges[e] & 0xffff)];
      }
      EdgeCollapse.Collapsed c = EdgeCollapse.collapse(rank, n, absent, edges, edgeRanks);
      assertArrayEquals(bySweepDefinition(rank, n, absent), c.rank(), "trial " + trial);
      assertArrayEquals(RipsFiltration.orderOf(c.rank(), n, absent), c.order(), "trial " + trial);
      for (int e = 0; e < c.order().length; e++) {
        int u = c.order()[e] >>> 16;
        int v = c.order()[e] & 0xffff;
        assertEquals(c.rank()[u * n + v], c.orderRanks()[e]);
      }
    }
  }

  /**
   * The backward sweep by its definition, slowly: from the last edge to the first, an edge at rank
   * t goes to the first time from t on at which no vertex of its link is adjacent to all of the
   * link, the graph at a time being every other edge whose rank (as the sweep has left it) is at
   * most that time; removed if that never comes. Domination can only be lost when a vertex joins
   * the link, so those times are the only ones tried.
   */
  private static int[] bySweepDefinition(int[] rank, int n, int absent) {
    int[] out = rank.clone();
    int[] edges = RipsFiltration.orderOf(rank, n, absent);
    for (int e = edges.length - 1; e >= 0; e--) {
      int u = edges[e] >>> 16;
      int v = edges[e] & 0xffff;
      int t = rank[u * n + v];
      java.util.TreeSet<Integer> times = new java.util.TreeSet<>();
      times.add(t);
      for (int w = 0; w < n; w++) {
        int joins = Math.max(out[u * n + w], out[v * n + w]);
        if (w != u && w != v && joins > t && joins < absent) {
          times.add(joins);
        }
      }
      int time = absent;
      for (int tau : times) {
        if (!dominatedAt(out, n, u, v, tau)) {
          time = tau;
          break;
        }
      }
      out[u * n + v] = time;
      out[v * n + u] = time;
    }
    return out;
  }

  private static boolean dominatedAt(int[] out, int n, int u, int v, int time) {
    java.util.List<Integer> link = new java.util.ArrayList<>();
    for (int w = 0; w < n; w++) {
      if (w != u && w != v && out[u * n + w] <= time && out[v * n + w] <= time) {
        link.add(w);
      }
    }
    for (int c : link) {
      boolean all = true;
      for (int x : link) {
        all &= x == c || out[c * n + x] <= time;
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  @Test
  void headsOfTwoAndThreeWordsKeepTheirDiagrams() {
    Random rnd = new Random(13);
    RipsPersistence engine = new RipsPersistence(1);
    for (int n : new int[] {100, 140}) {
      DistanceMatrix d = ExactShortcutsTest.attention(rnd, n, n / 3, true, false, 2);
      assertEquals(engine.compute(d, false, false, false), engine.compute(d), n + " points");
    }
  }

  /** Row i a softmax of sharp random logits (temperature 0.25) over tokens 0..i: GPT-2-like. */
  private static DistanceMatrix causalSoftmax(Random rnd, int n) {
    return softmax(rnd, n, true);
  }

  /** Rows softmaxes of sharp random logits (temperature 0.25), over all tokens or causal. */
  private static DistanceMatrix softmax(Random rnd, int n, boolean causal) {
    float[][] rows = new float[n][n];
    for (int i = 0; i < n; i++) {
      double sum = 0;
      int seen = causal ? i + 1 : n;
      double[] z = new double[seen];
      for (int j = 0; j < seen; j++) {
        z[j] = Math.exp(rnd.nextGaussian() / 0.25 - 16);
        sum += z[j];
      }
      for (int j = 0; j < seen; j++) {
        rows[i][j] = (float) (z[j] / sum);
      }
    }
    return org.attentiontopology.divergence.JensenShannon.distanceMatrix(
        rows, org.attentiontopology.divergence.LogBase.TWO);
  }

  private static double share(DistanceMatrix d) {
    double radius = RipsPersistence.enclosingRadius(d);
    RipsFiltration f = new RipsFiltration(d, 1, Math.nextDown(radius), radius);
    int[] order = new int[f.edgesInOrder().length];
    for (int k = 0; k < order.length; k++) {
      int[] v = new int[2];
      f.binomials.vertices(f.indexOf(f.edgesInOrder()[k]), 2, v);
      order[k] = v[0] << 16 | v[1];
    }
    return EdgeCollapse.dominatedShare(f.rank, f.n, order);
  }
}
