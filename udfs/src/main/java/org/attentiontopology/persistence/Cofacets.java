package org.attentiontopology.persistence;

/**
 * Walks the cofacets of one simplex, those with one vertex more, in decreasing order of
 * combinatorial index, without building any of them: inserting vertex v splits the simplex's index
 * into the part from vertices above v, whose binomial coefficients each move up one place, and the
 * part from those below, which stays. Where the filtration lists neighbours ({@link
 * RipsFiltration#neighbors}), the candidates v are the neighbours of the simplex's vertex with the
 * fewest, since a cofacet within the threshold needs v adjacent to all its vertices; otherwise all
 * vertices. Either way a cofacet beyond the threshold may be returned (callers filter by rank). A
 * mutable cursor, one per thread.
 */
final class Cofacets {
  private final RipsFiltration f;
  private final Binomials binomials;
  private final int[] rank;
  private final int n;
  private final int[] neighborStart;
  private final int[] neighbors;
  private final int[] vertices;
  private int count; // vertices of the simplex
  private int simplexRank;
  private int above; // vertices[0 .. above) are greater than the next candidate v
  private int v; // next vertex to insert
  private int cursor; // sparse: position of the next candidate in neighbors, up to cursorEnd
  private int cursorEnd;
  private long idxAbove; // their coefficients, each shifted up one place
  private long idxBelow; // coefficients of vertices[above ..], in place

  Cofacets(RipsFiltration f) {
    this.f = f;
    this.binomials = f.binomials;
    this.rank = f.rank;
    this.n = f.n;
    this.neighborStart = f.neighborStart;
    this.neighbors = f.neighbors;
    this.vertices = new int[binomials.maxK() + 1];
  }

  /** Starts at the cofacets of the simplex with the given key and dimension. */
  void start(long key, int dim) {
    count = dim + 1;
    long idx = f.indexOf(key);
    binomials.vertices(idx, count, vertices);
    simplexRank = f.rankOf(key);
    above = 0;
    v = n - 1;
    idxAbove = 0;
    idxBelow = idx;
    if (neighbors != null) {
      int fewest = vertices[0];
      for (int i = 1; i < count; i++) {
        int u = vertices[i];
        if (neighborStart[u + 1] - neighborStart[u]
            < neighborStart[fewest + 1] - neighborStart[fewest]) {
          fewest = u;
        }
      }
      cursor = neighborStart[fewest];
      cursorEnd = neighborStart[fewest + 1];
    }
  }

  int[] vertices() {
    return vertices;
  }

  /**
   * Whether a cofacet is left; with {@code all} false only cofacets whose new vertex exceeds every
   * vertex of the simplex count, so that walking all k-simplices this way meets every (k+1)-simplex
   * exactly once.
   */
  boolean hasNext(boolean all) {
    if (neighbors != null) {
      return hasNextNeighbor(all);
    }
    while (above < count && vertices[above] == v) {
      shiftAbove();
      v--;
    }
    return v >= 0 && (all || above == 0);
  }

  /**
   * The next candidate from the neighbour list, vertices of the simplex passed over (each moved
   * above once).
   */
  private boolean hasNextNeighbor(boolean all) {
    while (cursor < cursorEnd) {
      int candidate = neighbors[cursor];
      while (above < count && vertices[above] > candidate) {
        shiftAbove();
      }
      if (above < count && vertices[above] == candidate) {
        cursor++;
        continue;
      }
      if (!all && above > 0) {
        return false;
      }
      v = candidate;
      cursor++;
      return true;
    }
    return false;
  }

  /** vertices[above] now lies above the inserted vertex: its coefficient moves up one place. */
  private void shiftAbove() {
    int k = count - above;
    int u = vertices[above];
    idxBelow -= binomials.get(u, k);
    idxAbove += binomials.get(u, k + 1);
    above++;
  }

  /**
   * Key of the next cofacet (its rank may exceed the threshold: callers filter). Call after {@link
   * #hasNext}.
   */
  long next() {
    int r = simplexRank;
    for (int i = 0; i < count; i++) {
      r = Math.max(r, rank[vertices[i] * n + v]);
    }
    long idx = idxAbove + binomials.get(v, count - above + 1) + idxBelow;
    v--; // the dense walk's next candidate; the sparse walk reads its own
    return f.key(r, idx);
  }
}
