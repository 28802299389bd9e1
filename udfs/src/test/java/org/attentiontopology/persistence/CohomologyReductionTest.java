package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reduction with stored prefixes of reduced columns against Ripser's way (budget 0: every added
 * column regenerated whole from its record, every coboundary generated whole): the same pair for
 * every column, in dimensions 1 and 2, with long and short prefixes (short ones run out on these
 * small inputs, so regenerating beyond a prefix and lengthening it are exercised) lengthened in
 * segments of one entry up to the engine's, with budgets that run out part-way (the memory
 * fall-back), and in dimension 1 with the lazy coboundary walks on and off.
 */
class CohomologyReductionTest {
  private static final long UNBOUNDED = Long.MAX_VALUE;

  /** {budget, prefix, segment} held to budget 0. */
  private static final long[][] SETTINGS = {
    {UNBOUNDED, CohomologyReduction.PREFIX, ReducedColumns.SEGMENT},
    {0, 1, ReducedColumns.SEGMENT},
    {UNBOUNDED, 1, ReducedColumns.SEGMENT},
    {UNBOUNDED, 1, 1},
    {UNBOUNDED, 3, 2},
    {7, 2, 3},
    {60, 4, ReducedColumns.SEGMENT},
    {100, 1, 2},
    {400, CohomologyReduction.PREFIX, 5},
  };

  /**
   * Every pair of the reduction of dimension {@code dim}: for each simplex index of dimension dim +
   * 1 the column owning it as its pivot (or -1), plus the bars.
   */
  private record Pairs(
      int[] owner, PersistenceDiagram bars, long kept, long regenerated, long segments) {}

  private static Pairs reduce(
      RipsFiltration f, int dim, long budget, int prefix, int segment, boolean lazy) {
    long[] columns = RipsPersistence.zeroDimensional(f, new ArrayList<>());
    long[] simplices = f.edgesInOrder();
    CohomologyReduction reduction = null;
    PivotTable pivots = null;
    PersistenceDiagram.Builder bars = null;
    for (int d = 1; d <= dim; d++) {
      if (d > 1) {
        ColumnAssembly next = ColumnAssembly.assemble(f, simplices, d - 1, pivots, true, 1);
        columns = next.columns();
        simplices = next.simplices();
      }
      // Lower dimensions with the plain reduction, so that only dimension dim differs.
      reduction =
          d == dim
              ? new CohomologyReduction(
                  f,
                  new CohomologyReduction.Settings(new PrefixMemory(budget), prefix, lazy, segment))
              : new CohomologyReduction(f, CohomologyReduction.Settings.plain());
      pivots = new PivotTable(columns.length);
      bars = new PersistenceDiagram.Builder(d);
      reduction.reduce(columns, d, pivots, bars);
    }
    int[] owner = new int[(int) f.binomials.get(f.n, dim + 2)];
    for (int t = 0; t < owner.length; t++) {
      owner[t] = pivots.get(t);
    }
    return new Pairs(
        owner,
        bars.build(),
        reduction.prefixEntries(),
        reduction.regenerations(),
        reduction.segments());
  }

  private static void assertSamePairs(DistanceMatrix d, int dim, String what, long[] used) {
    double radius = RipsPersistence.enclosingRadius(d);
    for (boolean cut : new boolean[] {true, false}) {
      RipsFiltration f =
          cut
              ? new RipsFiltration(d, dim, Math.nextDown(radius), radius)
              : new RipsFiltration(d, dim, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
      Pairs ripser = reduce(f, dim, 0, 1, ReducedColumns.SEGMENT, false);
      assertEquals(0, ripser.kept(), what + ": budget 0 keeps nothing");
      for (long[] s : SETTINGS) {
        for (boolean lazy : new boolean[] {true, false}) {
          assertSamePairs(f, dim, s, lazy, ripser, what + ", cut " + cut, used);
        }
      }
    }
  }

  private static void assertSamePairs(
      RipsFiltration f, int dim, long[] s, boolean lazy, Pairs ripser, String what, long[] used) {
    Pairs stored = reduce(f, dim, s[0], (int) s[1], (int) s[2], lazy);
    String how =
        what + ", budget " + s[0] + ", prefix " + s[1] + ", segment " + s[2] + ", lazy " + lazy;
    assertEquals(ripser.bars(), stored.bars(), how);
    for (int t = 0; t < ripser.owner().length; t++) {
      assertEquals(ripser.owner()[t], stored.owner()[t], how + ": owner of simplex " + t);
    }
    assertTrue(stored.kept() <= s[0], how + ": " + stored.kept() + " entries kept");
    used[0] += stored.kept();
    used[1] += s[1] < 4 && s[0] == UNBOUNDED ? stored.regenerated() : 0;
    used[2] += s[0] > 0 && s[0] < 100 && stored.kept() == s[0] ? 1 : 0;
    used[3] += lazy && dim == 1 && s[0] < UNBOUNDED ? stored.regenerated() : 0;
    used[4] += s[2] < ReducedColumns.SEGMENT ? stored.segments() : 0;
  }

  @Test
  void storedPrefixesGiveRipsersPairsOnRandomMetricsWithTies() {
    Random rnd = new Random(1601);
    long[] used = new long[5];
    for (int trial = 0; trial < 30; trial++) {
      int dim = trial % 3 == 2 ? 2 : 1;
      int n = dim == 2 ? 6 + rnd.nextInt(12) : 8 + rnd.nextInt(24);
      DistanceMatrix d = RipsPersistenceTest.randomMetric(rnd, n, 1 + rnd.nextInt(6));
      assertSamePairs(d, dim, "trial " + trial + ", n " + n + ", dimension " + dim, used);
    }
    assertUsed(used);
  }

  @Test
  void storedPrefixesGiveRipsersPairsOnAttentionRows() {
    Random rnd = new Random(1602);
    long[] used = new long[5];
    for (int trial = 0; trial < 12; trial++) {
      int dim = trial % 4 == 3 ? 2 : 1;
      int n = dim == 2 ? 10 + rnd.nextInt(8) : 20 + rnd.nextInt(30);
      int window = trial % 2 == 0 ? n : 2 + rnd.nextInt(n / 2);
      DistanceMatrix d =
          ExactShortcutsTest.attention(rnd, n, window, trial % 3 == 1, trial % 5 == 4, 0);
      assertSamePairs(d, dim, "trial " + trial + ", n " + n + ", window " + window, used);
    }
    assertUsed(used);
  }

  /**
   * The paths under test were taken: prefixes kept, run past and regenerated, budgets filled,
   * columns of dimension 1 regenerated by walking their records lazily, prefixes lengthened by
   * short segments.
   */
  private static void assertUsed(long[] used) {
    assertTrue(used[0] > 0, "prefixes kept");
    assertTrue(used[1] > 0, "short prefixes regenerated beyond");
    assertTrue(used[2] > 0, "a small budget filled");
    assertTrue(used[3] > 0, "records walked lazily");
    assertTrue(used[4] > 0, "prefixes lengthened by short segments");
  }
}
