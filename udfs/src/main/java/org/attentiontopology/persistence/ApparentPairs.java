package org.attentiontopology.persistence;

/**
 * Zero-persistence pairs that can be read off the filtration without reducing anything (Bauer 2021,
 * section 3.5). The zero pivot cofacet of a simplex s is its filtration-first cofacet if that has
 * the same diameter as s; the zero pivot facet of t is its filtration-last facet if that has the
 * same diameter as t. When each is the other's, (s, t) is an apparent pair: t is the pivot of s's
 * unreduced coboundary and no other column can take it, so s needs no column and t needs no
 * reduction. One instance per thread (it owns scratch space).
 */
final class ApparentPairs {
  private final RipsFiltration f;
  private final Binomials binomials;
  private final int[] rank;
  private final int n;
  private final Cofacets cofacets;
  private final int[] vertices;
  private final ZeroPivotApexes apexes;

  ApparentPairs(RipsFiltration f) {
    this.f = f;
    this.binomials = f.binomials;
    this.rank = f.rank;
    this.n = f.n;
    this.cofacets = new Cofacets(f);
    this.vertices = new int[binomials.maxK() + 1];
    this.apexes = f.zeroPivotApexes();
  }

  /**
   * The filtration-first cofacet of the simplex if it has the same diameter, else -1. Among equal
   * diameters the largest index comes first, and cofacets are walked by decreasing index, so the
   * first hit is the one. An edge's is read from the table of apexes unless its rank is tied.
   */
  long zeroPivotCofacet(long key, int dim) {
    int r = f.rankOf(key);
    if (dim == 1) {
      binomials.vertices(f.indexOf(key), 2, vertices);
      int i = vertices[0];
      int j = vertices[1];
      int w = apexes.apex(i, j);
      if (w == ZeroPivotApexes.NONE) {
        return -1;
      }
      if (w != ZeroPivotApexes.TIED) {
        // The triangle's vertices in decreasing order: w moves up past the ends below it.
        vertices[2] = w;
        if (w > j) {
          vertices[2] = j;
          vertices[1] = w;
          if (w > i) {
            vertices[1] = i;
            vertices[0] = w;
          }
        }
        return f.key(r, binomials.index(vertices, 3));
      }
    }
    cofacets.start(key, dim);
    while (cofacets.hasNext(true)) {
      long c = cofacets.next();
      if (f.rankOf(c) == r) {
        return c;
      }
    }
    return -1;
  }

  /**
   * The filtration-last facet of the simplex if it has the same diameter, else -1. Removing the
   * vertices from the top down gives facets of increasing index, and among equal diameters the
   * smallest index is last.
   */
  long zeroPivotFacet(long key, int dim) {
    int count = dim + 1;
    int r = f.rankOf(key);
    binomials.vertices(f.indexOf(key), count, vertices);
    long idxAbove =
        0; // coefficients of the vertices above the removed one, each moved down one place
    for (int j = 0; j < count; j++) {
      int facetRank = 0;
      for (int a = 1; a < count && facetRank < r; a++) {
        if (a == j) {
          continue;
        }
        int row = vertices[a] * n;
        for (int b = 0; b < a; b++) {
          if (b != j) {
            facetRank = Math.max(facetRank, rank[row + vertices[b]]);
          }
        }
      }
      if (facetRank == r) {
        long idxBelow = 0;
        for (int i = j + 1; i < count; i++) {
          idxBelow += binomials.get(vertices[i], count - i);
        }
        return f.key(r, idxAbove + idxBelow);
      }
      idxAbove += binomials.get(vertices[j], count - 1 - j);
    }
    return -1;
  }

  /**
   * Whether the edge {@code key}, with vertices {@code u > v}, starts an apparent pair. An edge
   * alone at its rank with a zero pivot cofacet is that triangle's only facet of its diameter, so
   * the two are an apparent pair, read off the table of apexes; a tied edge is asked in full.
   */
  boolean edgeStartsApparentPair(long key, int u, int v) {
    int apex = apexes.apex(u, v);
    return apex == ZeroPivotApexes.TIED ? apparentCofacet(key, 1) >= 0 : apex >= 0;
  }

  /** The partner t of an apparent pair (s, t) given s, else -1. */
  long apparentCofacet(long key, int dim) {
    long t = zeroPivotCofacet(key, dim);
    return t >= 0 && zeroPivotFacet(t, dim + 1) == key ? t : -1;
  }

  /**
   * The partner s of an apparent pair (s, t) given t, else -1. The pairs found are remembered in a
   * direct-mapped cache: a reduction asks again about every partner t each time a column's pivot
   * reaches it (on softmax rows of 2048 points, 320,000 questions about 28,000 partners), while a t
   * found in no apparent pair becomes a column's pivot and is not asked about again.
   */
  long apparentFacet(long key, int dim) {
    if (cachedPartner == null || cachedDim != dim) { // keys of other dimensions may coincide
      // About one slot for every eight edges, as many partners as a column meets in a reduction.
      int edges = f.edgesInOrder().length;
      cacheBits = Math.max(8, Math.min(16, 32 - Integer.numberOfLeadingZeros(edges / 8)));
      cachedPartner = new long[1 << cacheBits];
      java.util.Arrays.fill(cachedPartner, -1);
      cachedFacet = new long[1 << cacheBits];
      cachedDim = dim;
    }
    int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - cacheBits));
    if (cachedPartner[slot] == key) {
      return cachedFacet[slot];
    }
    long s = zeroPivotFacet(key, dim);
    if (s >= 0 && zeroPivotCofacet(s, dim - 1) == key) {
      cachedPartner[slot] = key;
      cachedFacet[slot] = s;
      return s;
    }
    return -1;
  }

  private int cacheBits;
  private int cachedDim;
  private long[] cachedPartner; // allocated at the first question
  private long[] cachedFacet;

  boolean inApparentPair(long key, int dim) {
    return apparentCofacet(key, dim) >= 0 || apparentFacet(key, dim) >= 0;
  }
}
