package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Decoding a simplex index gives back the vertices it was encoded from: every vertex, edge and
 * triangle of a few sizes (the edge decode is a square root, not a search) and their order.
 */
class BinomialsTest {

  @Test
  void verticesInvertIndexForEveryVertexEdgeAndTriangle() {
    for (int n : new int[] {2, 3, 7, 64, 65, 300}) {
      Binomials b = new Binomials(n, 4);
      int[] out = new int[3];
      for (int i = 0; i < n; i++) {
        b.vertices(i, 1, out);
        assertEquals(i, out[0]);
        for (int j = 0; j < i; j++) {
          long edge = b.index(new int[] {i, j}, 2);
          assertEquals((long) i * (i - 1) / 2 + j, edge, "edge index of " + i + "," + j);
          b.vertices(edge, 2, out);
          assertArrayEquals(new int[] {i, j}, new int[] {out[0], out[1]}, "n " + n);
          for (int k = 0; k < j && n <= 65; k++) {
            b.vertices(b.index(new int[] {i, j, k}, 3), 3, out);
            assertArrayEquals(new int[] {i, j, k}, out, "n " + n);
          }
        }
      }
    }
  }
}
