package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The remembered partners of apparent pairs against a fresh instance's answer, asked in turn about
 * simplices of two dimensions whose keys coincide (the same rank and index: a triangle and a
 * tetrahedron), so that a partner remembered in one dimension is never given for the other; and the
 * edges' zero pivot cofacets, read from the table of apexes, against their definition.
 */
class ApparentPairsTest {

  @Test
  void remembersPartnersPerDimension() {
    Random rnd = new Random(1607);
    int apparentTriangles = 0;
    int differing = 0;
    for (int trial = 0; trial < 6; trial++) {
      int n = 8 + rnd.nextInt(6);
      DistanceMatrix d = RipsPersistenceTest.randomMetric(rnd, n, 2 + rnd.nextInt(3));
      RipsFiltration f = new RipsFiltration(d, 2, d.diameter(), Double.POSITIVE_INFINITY);
      ApparentPairs remembering = new ApparentPairs(f);
      long triangles = f.binomials.get(n, 3);
      for (int round = 0; round < 2; round++) {
        for (long index = 0; index < triangles; index++) {
          long triangle = keyOf(f, index, 3);
          long asked = triangle;
          long asTriangle = remembering.apparentFacet(asked, 2);
          assertEquals(new ApparentPairs(f).apparentFacet(asked, 2), asTriangle, "triangle");
          // The same key read as a tetrahedron (where one of that index and rank exists or not).
          long asTetrahedron = remembering.apparentFacet(asked, 3);
          assertEquals(new ApparentPairs(f).apparentFacet(asked, 3), asTetrahedron, "tetrahedron");
          apparentTriangles += asTriangle >= 0 ? 1 : 0;
          differing += asTriangle != asTetrahedron ? 1 : 0;
        }
      }
    }
    assertTrue(apparentTriangles > 0, "triangles in apparent pairs");
    assertTrue(differing > 0, "keys whose answer differs between the dimensions");
  }

  /**
   * Every edge's zero pivot cofacet is, by definition, the cofacet of its own diameter that comes
   * first in the filtration (the largest index among them), within the threshold: found here by
   * trying every third vertex, on metrics with many ties (left to the walk) and with none (read
   * from the table), with and without a threshold that leaves edges out.
   */
  @Test
  void edgesZeroPivotCofacetsAreTheFirstCofacetsOfTheirDiameter() {
    Random rnd = new Random(1608);
    int fromTable = 0;
    int tied = 0;
    for (int trial = 0; trial < 24; trial++) {
      int n = trial % 4 == 1 ? 65 + rnd.nextInt(80) : 6 + rnd.nextInt(30); // one word or more
      int levels = trial % 3 == 0 ? 2 + rnd.nextInt(4) : 1_000_000;
      DistanceMatrix d = RipsPersistenceTest.randomMetric(rnd, n, levels);
      double threshold = trial % 2 == 0 ? d.diameter() : d.diameter() * 0.7;
      RipsFiltration f = new RipsFiltration(d, 1, threshold, Double.POSITIVE_INFINITY);
      ApparentPairs apparent = new ApparentPairs(f);
      ZeroPivotApexes apexes = f.zeroPivotApexes();
      int[] vertices = new int[2];
      for (long edge : f.edgesInOrder()) {
        int r = f.rankOf(edge);
        f.binomials.vertices(f.indexOf(edge), 2, vertices);
        long expected = -1;
        for (int w = 0; w < n; w++) {
          if (w == vertices[0] || w == vertices[1]) {
            continue;
          }
          int[] triangle = {vertices[0], vertices[1], w};
          java.util.Arrays.sort(triangle);
          int[] decreasing = {triangle[2], triangle[1], triangle[0]};
          long key = f.key(f.diameterRank(decreasing, 3), f.binomials.index(decreasing, 3));
          if (f.rankOf(key) == r && (expected < 0 || key < expected)) {
            expected = key;
          }
        }
        assertEquals(expected, apparent.zeroPivotCofacet(edge, 1), "trial " + trial);
        int apex = apexes.apex(vertices[0], vertices[1]);
        if (apex != ZeroPivotApexes.TIED) {
          // H0 takes an untied edge with an apex as starting an apparent pair without asking.
          assertEquals(apex >= 0, apparent.apparentCofacet(edge, 1) >= 0, "trial " + trial);
        }
        tied += apex == ZeroPivotApexes.TIED ? 1 : 0;
        fromTable += apex >= 0 ? 1 : 0;
      }
    }
    assertTrue(fromTable > 0, "zero pivot cofacets read from the table");
    assertTrue(tied > 0, "tied edges left to the walk");
  }

  private static long keyOf(RipsFiltration f, long index, int k) {
    int[] vertices = new int[k];
    f.binomials.vertices(index, k, vertices);
    return f.key(f.diameterRank(vertices, k), index);
  }
}
