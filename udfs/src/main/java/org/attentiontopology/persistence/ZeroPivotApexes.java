package org.attentiontopology.persistence;

/**
 * The zero pivot cofacet of every edge at once ({@link ApparentPairs}), kept as its third vertex,
 * the apex over the edge.
 *
 * <p>Why a table: found one edge at a time, an edge's zero pivot cofacet is a walk over every
 * vertex, a pair of rank reads each, and H0 asks it of every edge that closes a cycle while a
 * reduction asks it again at every pivot it meets; on heads of about 120 tokens without an edge
 * collapse those walks were most of the engine's time. Adding the edges in filtration order to a
 * graph kept as one bitset of neighbours per vertex, an edge whose rank no other edge shares has a
 * cofacet of its own diameter exactly when its ends already have a common neighbour, and the first
 * such cofacet in the filtration, the largest index, is the one on the largest common neighbour:
 * the highest bit of a few word ANDs. An edge that shares its rank is marked {@link #TIED} and left
 * to the walk, since the order among equal diameters then decides. The table is a lower triangle of
 * apex + 1, so that the zeros of a new array already say {@link #NONE}: no pass fills it, and at
 * half the square's size it stays in the core's cache while the reduction reads it.
 */
final class ZeroPivotApexes {
  /** No cofacet of the edge's own diameter. */
  static final int NONE = -1;

  /** The edge shares its rank with another: not found here. */
  static final int TIED = -2;

  /** Apex + 1 of edge (i, j), i > j, at the triangle index of DistanceMatrix. */
  private final int[] table;

  private ZeroPivotApexes(int[] table) {
    this.table = table;
  }

  /** The apex of edge (i, j), i > j: a vertex, {@link #NONE} or {@link #TIED}. */
  int apex(int i, int j) {
    return table[DistanceMatrix.index(i, j)] - 1;
  }

  /** The table of f's edges; those beyond the threshold have no cofacet within it. */
  static ZeroPivotApexes of(RipsFiltration f) {
    int n = f.n;
    int words = (n + 63) >>> 6;
    long[] graph = new long[n * words];
    int[] table = new int[n * (n - 1) / 2];
    int[] order = f.edgeVerticesInOrder();
    long[] edges = f.edgesInOrder();
    for (int k = 0; k < order.length; k++) {
      int i = order[k] >>> 16;
      int j = order[k] & 0xffff;
      int r = f.rankOf(edges[k]);
      boolean tied =
          k > 0 && f.rankOf(edges[k - 1]) == r
              || k + 1 < order.length && f.rankOf(edges[k + 1]) == r;
      int w = NONE;
      if (tied) {
        w = TIED;
      } else {
        for (int word = words - 1; word >= 0; word--) {
          long common = graph[i * words + word] & graph[j * words + word];
          if (common != 0) {
            w = (word << 6) + 63 - Long.numberOfLeadingZeros(common);
            break;
          }
        }
      }
      table[DistanceMatrix.index(i, j)] = w + 1;
      graph[i * words + (j >>> 6)] |= 1L << j;
      graph[j * words + (i >>> 6)] |= 1L << i;
    }
    return new ZeroPivotApexes(table);
  }
}
