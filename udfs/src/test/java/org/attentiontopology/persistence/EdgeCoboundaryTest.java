package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The lazy walk of an edge's coboundary against {@link Cofacets}' whole coboundary, sorted: the
 * same keys in the same order, from the start and past any key, a few at a time or up to a
 * diameter, on random metrics with few distinct distances (many ties among the triangles' diameters
 * and in the neighbour lists) or many, dense, thresholded and collapsed.
 */
class EdgeCoboundaryTest {

  @Test
  void walksTheSortedCoboundary() {
    Random rnd = new Random(1604);
    long walked = 0;
    for (int trial = 0; trial < 24; trial++) {
      int n = 4 + rnd.nextInt(60);
      // Few distinct distances (ties in the lists and among diameters), or many (ranks spread).
      int levels = trial % 4 == 3 ? 4000 : 1 + rnd.nextInt(5);
      DistanceMatrix d = RipsPersistenceTest.randomMetric(rnd, n, levels);
      double radius = RipsPersistence.enclosingRadius(d);
      RipsFiltration f =
          switch (trial % 3) {
            case 0 -> new RipsFiltration(d, 1, d.diameter(), Double.POSITIVE_INFINITY);
            case 1 -> new RipsFiltration(d, 1, Math.nextDown(radius), radius);
            default -> new RipsFiltration(d, 1, Math.nextDown(radius), radius).collapsed(1, true);
          };
      NeighboursByRank lists = new NeighboursByRank(f);
      EdgeCoboundary walk = new EdgeCoboundary(f, lists);
      for (long edge : f.edgesInOrder()) {
        long[] want = sortedCoboundary(f, edge);
        String what = "trial " + trial + ", n " + n + ", edge " + edge;
        walk.start(edge);
        assertArrayEquals(want, inChunks(walk, rnd), what);
        // Past an entry (or between entries) of the coboundary, and past the edge itself.
        long after =
            want.length == 0 || rnd.nextInt(4) == 0 ? edge : want[rnd.nextInt(want.length)];
        after += rnd.nextInt(3) == 0 ? 1 : 0;
        long from = after;
        long[] rest = LongStream.of(want).filter(k -> k > from).toArray();
        walk.start(edge);
        walk.skipTo(after);
        assertArrayEquals(rest, inChunks(walk, rnd), what + ", after " + after);
        // Up to a diameter, then the rest.
        int last = f.rankOf(after) + rnd.nextInt(4);
        walk.start(edge);
        walk.skipTo(after);
        int upToCount = walk.collect(last); // before buffer(): collecting may replace it
        long[] upTo = sorted(walk.buffer(), upToCount);
        assertArrayEquals(
            LongStream.of(rest).filter(k -> f.rankOf(k) <= last).toArray(),
            upTo,
            what + ", up to rank " + last);
        assertTrue(walk.nextRank() > last, what + ": next rank past " + last);
        int beyondCount = walk.collect(Integer.MAX_VALUE - 1);
        long[] beyond = sorted(walk.buffer(), beyondCount);
        assertArrayEquals(
            LongStream.of(rest).filter(k -> f.rankOf(k) > last).toArray(),
            beyond,
            what + ", beyond rank " + last);
        assertEquals(0, walk.fill(1), what + ": nothing left");
        walked += want.length;
      }
    }
    assertTrue(walked > 10_000, "cofacets walked: " + walked);
  }

  /** The coboundary within the threshold, ascending: the filtration's order. */
  private static long[] sortedCoboundary(RipsFiltration f, long edge) {
    Cofacets all = new Cofacets(f);
    long[] keys = new long[f.n];
    int count = 0;
    all.start(edge, 1);
    while (all.hasNext(true)) {
      long c = all.next();
      if (f.rankOf(c) <= f.thresholdRank) {
        keys[count++] = c;
      }
    }
    return sorted(keys, count);
  }

  /** What the walk gives, a random number of entries at a time, each chunk in order. */
  private static long[] inChunks(EdgeCoboundary walk, Random rnd) {
    long[] got = new long[0];
    for (int count = walk.fill(1 + rnd.nextInt(5));
        count > 0;
        count = walk.fill(1 + rnd.nextInt(5))) {
      int at = got.length;
      got = Arrays.copyOf(got, at + count);
      System.arraycopy(walk.buffer(), 0, got, at, count);
    }
    return got;
  }

  private static long[] sorted(long[] a, int count) {
    long[] s = Arrays.copyOf(a, count);
    Arrays.sort(s);
    return s;
  }
}
