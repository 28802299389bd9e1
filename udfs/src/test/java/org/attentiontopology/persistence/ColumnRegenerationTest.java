package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Regenerating a column past a bound, by walking its record lazily and by generating it whole,
 * against the column summed by hand from its record's coboundaries: exactly the column's entries
 * past the bound up to the key returned (walking, as many as wanted unless the column ends first),
 * on random metrics with ties, with stored prefixes long enough to give a density and without.
 */
class ColumnRegenerationTest {

  @Test
  void givesTheColumnsEntriesUpToTheBoundReturned() {
    Random rnd = new Random(1606);
    int partial = 0;
    for (int trial = 0; trial < 16; trial++) {
      int n = 10 + rnd.nextInt(40);
      DistanceMatrix d = RipsPersistenceTest.randomMetric(rnd, n, 2 + rnd.nextInt(30));
      double radius = RipsPersistence.enclosingRadius(d);
      RipsFiltration f = new RipsFiltration(d, 1, Math.nextDown(radius), radius);
      long[] edges = f.edgesInOrder();
      int columns = 20;
      long[] simplices = new long[columns];
      long[][] truth = new long[columns][];
      ReducedColumns reduced = new ReducedColumns(simplices, new PrefixMemory(Long.MAX_VALUE));
      for (int j = 0; j < columns; j++) {
        simplices[j] = edges[rnd.nextInt(edges.length)];
        TreeSet<Long> sum = new TreeSet<>();
        toggleCoboundary(f, simplices[j], sum);
        for (int r = rnd.nextInt(8); r > 0; r--) {
          long e = edges[rnd.nextInt(edges.length)];
          reduced.addToRecord(e);
          toggleCoboundary(f, e, sum);
        }
        truth[j] = sum.stream().mapToLong(Long::longValue).toArray();
        // A stored prefix: the column's first entries, exact up to the last of them, some of them
        // (or all) in a segment appended after the column was closed.
        int length = Math.min(truth[j].length, rnd.nextBoolean() ? 16 + rnd.nextInt(8) : 0);
        int closed = rnd.nextBoolean() ? length : rnd.nextInt(length + 1);
        reduced.close(truth[j], closed, closed > 0 ? truth[j][closed - 1] : 0);
        if (closed < length) {
          long[] rest = Arrays.copyOfRange(truth[j], closed, length);
          reduced.extend(j, rest, rest.length, truth[j][length - 1]);
        }
      }
      NeighboursByRank lists = new NeighboursByRank(f);
      for (boolean lazy : new boolean[] {true, false}) {
        ColumnRegeneration regeneration =
            new ColumnRegeneration(f, reduced, 1, lazy ? lists : null);
        for (int j = 0; j < columns; j++) {
          long[] all = truth[j];
          long bound =
              reduced.prefixLength(j) > 0
                  ? reduced.bound(j)
                  : all.length > 0 && rnd.nextBoolean() ? all[rnd.nextInt(all.length)] : 0;
          int wanted = 1 + rnd.nextInt(12);
          int count = regeneration.regenerate(j, bound, wanted);
          long[] got = Arrays.copyOf(regeneration.entries(), count);
          long exactTo = regeneration.exactTo();
          long[] want = LongStream.of(all).filter(k -> k > bound && k <= exactTo).toArray();
          String what = "trial " + trial + ", column " + j + ", lazy " + lazy + ", bound " + bound;
          assertArrayEquals(want, got, what);
          // Walked, at least as many as wanted; generated whole, pairs cancel after about as many
          // are selected, so fewer may be left.
          if (lazy) {
            long left = LongStream.of(all).filter(k -> k > bound).count();
            assertTrue(count >= Math.min(wanted, left), what + ": " + count + " of " + wanted);
          }
          partial += exactTo < ReducedColumns.WHOLE ? 1 : 0;
        }
      }
    }
    assertTrue(partial > 20, "regenerations that stop short of the column's end: " + partial);
  }

  private static void toggleCoboundary(RipsFiltration f, long edge, TreeSet<Long> sum) {
    Cofacets all = new Cofacets(f);
    all.start(edge, 1);
    while (all.hasNext(true)) {
      long c = all.next();
      if (f.rankOf(c) <= f.thresholdRank && !sum.remove(c)) {
        sum.add(c);
      }
    }
  }
}
