package org.attentiontopology.persistence;

/**
 * Each vertex's neighbours within the threshold in filtration order, that is by increasing rank of
 * the edge to them: what {@link EdgeCoboundary} walks to list an edge's cofacets in filtration
 * order without sorting its whole coboundary. Built once per filtration from its edges, which come
 * in that order already, so each list fills in order and nothing is sorted; two entries per edge
 * rather than n per vertex, since after the collapse about half the edges are left.
 */
final class NeighboursByRank {
  /** Vertex v's entries lie at {@code start[v] .. start[v + 1])}. */
  final int[] start;

  /** An entry: the edge's rank in the high 32 bits, the neighbour in the low 32. */
  final long[] entries;

  NeighboursByRank(RipsFiltration f) {
    int n = f.n;
    int[] ends = f.edgeVerticesInOrder();
    long[] keys = f.edgesInOrder();
    start = new int[n + 1];
    for (int e : ends) {
      start[(e >>> 16) + 1]++;
      start[(e & 0xffff) + 1]++;
    }
    for (int v = 0; v < n; v++) {
      start[v + 1] += start[v];
    }
    int[] fill = java.util.Arrays.copyOf(start, n);
    entries = new long[start[n]];
    for (int k = 0; k < ends.length; k++) {
      int u = ends[k] >>> 16;
      int v = ends[k] & 0xffff;
      long r = (long) f.rankOf(keys[k]) << 32;
      entries[fill[u]++] = r | v;
      entries[fill[v]++] = r | u;
    }
  }

  /** The position of vertex v's first entry of rank above r (its end if none). */
  int after(int v, int r) {
    long bound = (long) (r + 1) << 32; // every entry of rank r is below it
    int lo = start[v];
    int hi = start[v + 1];
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (entries[mid] < bound) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
