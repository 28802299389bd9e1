package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The Z/2 chain against a set toggled by hand, as bits and as a hash set (also past the point where
 * it is emptied by scanning), over rounds that drain it or clear it.
 */
class Z2ChainTest {

  @Test
  void keepsTheSimplicesAddedAnOddNumberOfTimes() {
    Random rnd = new Random(1605);
    DistanceMatrix d = RipsPersistenceTest.randomMetric(rnd, 40, 4);
    RipsFiltration f = new RipsFiltration(d, 2, d.diameter(), Double.POSITIVE_INFINITY);
    for (int dim = 1; dim <= 2; dim++) {
      long indices = f.binomials.get(f.n, dim + 1);
      for (long maxBits : new long[] {Z2Chain.MAX_BITS, 0}) {
        Z2Chain chain = new Z2Chain(f, dim, maxBits);
        String what = "dimension " + dim + ", bits up to " + maxBits;
        for (int round = 0; round < 8; round++) {
          TreeSet<Long> want = new TreeSet<>();
          // Few distinct simplices added many times (the hash set's scan), or many once or twice.
          int distinct = round % 2 == 0 ? 1 + rnd.nextInt(20) : (int) Math.min(indices, 5000);
          for (int i = 0, adds = 20 * distinct + rnd.nextInt(100); i < adds; i++) {
            long index = rnd.nextInt(distinct) * (indices / distinct);
            long key = f.key(rankOf(f, index, dim), index); // one key per simplex
            if (!want.remove(key)) {
              want.add(key);
            }
            chain.add(key);
          }
          assertEquals(want.size(), chain.size(), what + ", round " + round);
          if (round % 3 == 2) {
            chain.clear();
            assertEquals(0, chain.size(), what + ", cleared");
            continue;
          }
          long[] out = new long[chain.size()];
          long[] expected = want.stream().mapToLong(Long::longValue).toArray();
          assertArrayEquals(expected, java.util.Arrays.copyOf(out, chain.drain(out)), what);
          assertEquals(0, chain.size(), what + ", drained");
        }
      }
    }
  }

  private static int rankOf(RipsFiltration f, long index, int dim) {
    int[] vertices = new int[dim + 1];
    f.binomials.vertices(index, dim + 1, vertices);
    return f.diameterRank(vertices, dim + 1);
  }
}
