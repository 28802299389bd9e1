package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Adding a stored column to the working column walks its whole prefix: the first entries kept as it
 * was reduced and then every segment appended since, in order, whatever their lengths, with the
 * first entries empty or not. The sum over Z/2 is checked against the symmetric difference of the
 * two columns, worked out with a set.
 */
class WorkingColumnTest {
  @Test
  void addingAColumnWalksItsFirstEntriesAndEverySegment() {
    Random rnd = new Random(1207);
    DistanceMatrix d = RipsPersistenceTest.randomMetric(rnd, 8, 3);
    RipsFiltration f = new RipsFiltration(d, 1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
    long pivot = 5;
    for (int trial = 0; trial < 200; trial++) {
      // The stored column: distinct keys past the pivot, ascending.
      TreeSet<Long> keys = new TreeSet<>();
      int m = 1 + rnd.nextInt(12);
      while (keys.size() < m) {
        keys.add(pivot + 1 + rnd.nextInt(40));
      }
      long[] column = keys.stream().mapToLong(Long::longValue).toArray();
      int segment = 1 + rnd.nextInt(3);
      ReducedColumns reduced =
          new ReducedColumns(new long[] {f.edgesInOrder()[0]}, new PrefixMemory(1 << 20), segment);
      reduced.reserve(m);
      int first = rnd.nextInt(m + 1);
      reduced.close(column, first, first > 0 ? column[first - 1] : pivot);
      for (int at = first; at < m; ) {
        int piece = 1 + rnd.nextInt(m - at);
        long[] tail = Arrays.copyOfRange(column, at, at + piece);
        at += piece;
        reduced.extend(0, tail, piece, at == m ? ReducedColumns.WHOLE : column[at - 1]);
      }
      if (first == m) {
        reduced.extend(0, new long[0], 0, ReducedColumns.WHOLE);
      }
      assertEquals(m, reduced.prefixLength(0), "trial " + trial);
      assertEquals(column[0], reduced.prefixStart(0), "trial " + trial);

      // The working column: the same pivot and some other keys, a few shared with the column.
      TreeSet<Long> own = new TreeSet<>();
      own.add(pivot);
      for (int k = rnd.nextInt(8); k > 0; k--) {
        own.add(pivot + 1 + rnd.nextInt(40));
      }
      long[] start = own.stream().mapToLong(Long::longValue).toArray();
      TreeSet<Long> sum = new TreeSet<>(own);
      sum.remove(pivot);
      for (long k : column) {
        if (!sum.remove(k)) {
          sum.add(k);
        }
      }

      WorkingColumn working = new WorkingColumn(f, reduced, 1, null, 1);
      working.start(start, start.length);
      assertEquals(pivot, working.pivot(), "trial " + trial);
      working.addColumn(0);
      long[] got = new long[sum.size() + 1];
      int count = 0;
      for (long e = working.pivot(); e >= 0 && count < got.length; e = working.takeNext()) {
        got[count++] = e;
      }
      assertArrayEquals(
          sum.stream().mapToLong(Long::longValue).toArray(),
          Arrays.copyOf(got, count),
          "trial " + trial + ": " + first + " first entries of " + m + ", segments of " + segment);
    }
  }
}
