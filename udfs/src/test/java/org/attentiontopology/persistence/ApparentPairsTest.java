package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The remembered partners of apparent pairs against a fresh instance's answer, asked in turn about
 * simplices of two dimensions whose keys coincide (the same rank and index: a triangle and a
 * tetrahedron), so that a partner remembered in one dimension is never given for the other.
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

  private static long keyOf(RipsFiltration f, long index, int k) {
    int[] vertices = new int[k];
    f.binomials.vertices(index, k, vertices);
    return f.key(f.diameterRank(vertices, k), index);
  }
}
