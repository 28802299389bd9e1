package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The bitset walk of an edge's cofacets against {@link Cofacets}' walk: the same keys within the
 * threshold, above any given key, on dense and thresholded (neighbour-listed) filtrations.
 */
class EdgeCofacetsTest {

  @Test
  void sameCofacetsAsTheGenericWalk() {
    Random rnd = new Random(1603);
    for (int trial = 0; trial < 20; trial++) {
      int n = 4 + rnd.nextInt(90); // past one 64-bit word
      DistanceMatrix d = RipsPersistenceTest.randomMetric(rnd, n, 1 + rnd.nextInt(8));
      double threshold = trial % 2 == 0 ? d.diameter() : RipsPersistence.enclosingRadius(d) * 0.7;
      RipsFiltration f = new RipsFiltration(d, 1, threshold, Double.POSITIVE_INFINITY);
      EdgeCofacets edges = new EdgeCofacets(f);
      Cofacets walk = new Cofacets(f);
      long[] out = new long[n];
      for (long edge : f.edgesInOrder()) {
        long above = rnd.nextBoolean() ? -1 : edge;
        long[] want = new long[n];
        int count = 0;
        walk.start(edge, 1);
        while (walk.hasNext(true)) {
          long c = walk.next();
          if (c > above && f.rankOf(c) <= f.thresholdRank) {
            want[count++] = c;
          }
        }
        long[] got = Arrays.copyOf(out, edges.collect(edge, above, out, 0));
        Arrays.sort(got);
        want = Arrays.copyOf(want, count);
        Arrays.sort(want);
        assertArrayEquals(want, got, "trial " + trial + ", n " + n + ", edge " + edge);
      }
    }
  }
}
