package org.attentiontopology.persistence;

/**
 * The cofacets of edges within the threshold, read off one bitset of neighbours per vertex: the
 * triangles on edge uv are the vertices w adjacent to both, so a word AND of the two rows lists
 * them, where {@link Cofacets} walks every neighbour of one end and tests the other. On broad
 * attention rows an edge's ends have about half the vertices as neighbours and a quarter in common,
 * so regenerating reduced columns of dimension 1, most of the reduction's time at 1024 points and
 * more, looks at half the candidates, each without a branch on the threshold. The cofacets come in
 * no particular order (callers sort them).
 */
final class EdgeCofacets {
  private final RipsFiltration f;
  private final Binomials binomials;
  private final int[] rank;
  private final int n;
  private final int words;
  private final long[] adjacency; // row u at u * words: bit w set when uw is within the threshold
  private final int[] vertices = new int[2];

  EdgeCofacets(RipsFiltration f) {
    this.f = f;
    this.binomials = f.binomials;
    this.rank = f.rank;
    this.n = f.n;
    this.words = (n + 63) >>> 6;
    this.adjacency = new long[n * words];
    int threshold = f.thresholdRank;
    for (int u = 0; u < n; u++) {
      int row = u * n;
      for (int w = 0; w < n; w++) {
        if (w != u && rank[row + w] <= threshold) {
          adjacency[u * words + (w >>> 6)] |= 1L << w;
        }
      }
    }
  }

  /**
   * Writes the keys of the edge's cofacets above {@code above} to {@code out} from {@code count}
   * on, and returns the new count; {@code out} must have room for n - 2 more.
   */
  int collect(long edge, long above, long[] out, int count) {
    binomials.vertices(f.indexOf(edge), 2, vertices);
    int u = vertices[0]; // u > v
    int v = vertices[1];
    int edgeRank = f.rankOf(edge);
    int rowU = u * n;
    int rowV = v * n;
    // The index of the triangle {a > b > c} is C(a, 3) + C(b, 2) + c: the parts that do not
    // depend on where w falls.
    long aboveU = binomials.get(u, 2) + v; // w > u: C(w, 3) + C(u, 2) + v
    long between = binomials.get(u, 3) + v; // u > w > v: C(u, 3) + C(w, 2) + v
    long belowV = binomials.get(u, 3) + binomials.get(v, 2); // v > w: ... + w
    for (int word = 0; word < words; word++) {
      long bits = adjacency[u * words + word] & adjacency[v * words + word];
      while (bits != 0) {
        int w = (word << 6) + Long.numberOfTrailingZeros(bits);
        bits &= bits - 1;
        int r = Math.max(edgeRank, Math.max(rank[rowU + w], rank[rowV + w]));
        long index;
        if (w > u) {
          index = binomials.get(w, 3) + aboveU;
        } else if (w > v) {
          index = binomials.get(w, 2) + between;
        } else {
          index = belowV + w;
        }
        long key = f.key(r, index);
        if (key > above) {
          out[count++] = key;
        }
      }
    }
    return count;
  }
}
