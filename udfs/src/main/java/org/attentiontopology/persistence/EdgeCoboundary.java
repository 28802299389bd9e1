package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * The cofacets of one edge {u, v} within the threshold, lazily, in filtration order. The triangle
 * {u, v, w} has diameter max(d(u, v), d(u, w), d(v, w)), so walking the neighbours of u and of v
 * each by increasing distance ({@link NeighboursByRank}) and taking w where the second of its two
 * edges is met lists the cofacets by increasing diameter: those at the edge's own diameter are the
 * common neighbours within it, read once at the start; past it, w is taken from u's list when d(u,
 * w) is the larger (or the two are equal) and from v's list when d(v, w) is. Equal diameters come
 * out as a group, sorted by key, which is the filtration's order among them. So reading the first
 * cofacets costs about what they are, where generating the whole coboundary costs n: a column adds
 * the coboundaries of apparent pairs' facets by the hundred and reads a few entries of each, and a
 * regenerated column is wanted only some way past its prefix. A mutable cursor, reused.
 */
final class EdgeCoboundary {
  private final RipsFiltration f;
  private final NeighboursByRank lists;
  private final long[] entries;
  private final int[] rank;
  private final int n;
  private final int[] vertices = new int[2];

  private int u; // u > v
  private int v;
  private int edgeRank;
  private boolean atEdgeRank; // the cofacets of the edge's own diameter are still to come
  private int nextU; // positions in u's and v's lists of the next entries past the walked ranks
  private int endU;
  private int nextV;
  private int endV;
  private long after; // only keys above it are returned
  // The index of the triangle {a > b > c} is C(a, 3) + C(b, 2) + c: the parts that do not depend on
  // where w falls.
  private long aboveU; // w > u: C(w, 3) + C(u, 2) + v
  private long between; // u > w > v: C(u, 3) + C(w, 2) + v
  private long belowV; // v > w: C(u, 3) + C(v, 2) + w
  private long[] out = new long[16];
  private int count;

  EdgeCoboundary(RipsFiltration f, NeighboursByRank lists) {
    this.f = f;
    this.lists = lists;
    this.entries = lists.entries;
    this.rank = f.rank;
    this.n = f.n;
  }

  /** Starts at the first cofacet of the edge with the given key. */
  void start(long edge) {
    f.binomials.vertices(f.indexOf(edge), 2, vertices);
    u = vertices[0];
    v = vertices[1];
    edgeRank = f.rankOf(edge);
    Binomials b = f.binomials;
    aboveU = b.get(u, 2) + v;
    between = b.get(u, 3) + v;
    belowV = b.get(u, 3) + b.get(v, 2);
    atEdgeRank = true;
    endU = lists.start[u + 1];
    endV = lists.start[v + 1];
    after = -1;
  }

  /** Skips the cofacets up to {@code key}: the next ones returned come after it. */
  void skipTo(long key) {
    after = key;
    int r = f.rankOf(key);
    if (r > edgeRank) {
      atEdgeRank = false;
      nextU = lists.after(u, r - 1);
      nextV = lists.after(v, r - 1);
    }
  }

  /** Rank of the next group of cofacets (possibly empty); past the threshold when none is left. */
  int nextRank() {
    if (atEdgeRank) {
      return edgeRank;
    }
    int r = Integer.MAX_VALUE;
    if (nextU < endU) {
      r = (int) (entries[nextU] >>> 32);
    }
    if (nextV < endV) {
      r = Math.min(r, (int) (entries[nextV] >>> 32));
    }
    return r;
  }

  /**
   * The next cofacets, at least {@code atLeast} of them unless fewer are left, ascending, in {@link
   * #buffer} from 0: whole groups of one diameter, each sorted. Returns how many; 0 when none is
   * left.
   */
  int fill(int atLeast) {
    count = 0;
    while (count < atLeast) {
      int r = nextRank();
      if (r == Integer.MAX_VALUE) {
        break;
      }
      int from = count;
      group(r);
      if (count - from > 1) {
        Arrays.sort(out, from, count);
      }
    }
    return count;
  }

  /**
   * Every cofacet left of rank at most {@code last}, in no particular order, in {@link #buffer}
   * from 0; returns how many. Unordered, the two lists are walked one after the other, not rank by
   * rank: on broad attention rows nearly every rank holds one edge, so a group is one entry. Each
   * entry's test reads the rank matrix at a place no other entry reads, a cache miss on thousands
   * of points; the test is taken without a branch, so that the reads of successive entries overlap,
   * and only the few entries that pass are turned into keys.
   */
  int collect(int last) {
    count = 0;
    if (atEdgeRank) {
      if (edgeRank > last) {
        return 0;
      }
      group(edgeRank);
    }
    long limit = (long) last + 1 << 32; // above every entry of rank last
    int toU = nextU;
    while (toU < endU && entries[toU] < limit) {
      toU++;
    }
    int toV = nextV;
    while (toV < endV && entries[toV] < limit) {
      toV++;
    }
    int most = (toU - nextU) + (toV - nextV);
    if (passed.length < most) {
      passed = new long[Math.max(most, 2 * passed.length)];
    }
    int found = 0;
    // w where the edge uw is the longest (or as long as vw): its entry in u's list is the later
    int row = v * n;
    for (int i = nextU; i < toU; i++) {
      long e = entries[i];
      passed[found] = e;
      found += rank[row + (int) e] <= (int) (e >>> 32) ? 1 : 0;
    }
    row = u * n;
    for (int i = nextV; i < toV; i++) {
      long e = entries[i];
      passed[found] = e;
      found += rank[row + (int) e] < (int) (e >>> 32) ? 1 : 0;
    }
    nextU = toU;
    nextV = toV;
    for (int i = 0; i < found; i++) {
      emit((int) passed[i], (int) (passed[i] >>> 32));
    }
    return count;
  }

  private long[] passed = new long[16]; // entries whose cofacet lies in the window

  /** Where {@link #fill} and {@link #collect} write; replaced when it grows. */
  long[] buffer() {
    return out;
  }

  /** Writes the cofacets of rank r, the next rank of {@link #nextRank}, and walks past them. */
  private void group(int r) {
    if (atEdgeRank) {
      atEdgeRank = false;
      int toU = lists.after(u, r);
      int toV = lists.after(v, r);
      int fromU = lists.start[u];
      int fromV = lists.start[v];
      // The common neighbours within the edge's length, read from the shorter of the two lists.
      if (toU - fromU <= toV - fromV) {
        common(fromU, toU, v, r);
      } else {
        common(fromV, toV, u, r);
      }
      nextU = toU;
      nextV = toV;
      return;
    }
    int rowU = u * n;
    int rowV = v * n;
    long tag = (long) r << 32;
    for (; nextU < endU && (entries[nextU] & 0xffffffff00000000L) == tag; nextU++) {
      int w = (int) entries[nextU];
      if (rank[rowV + w] <= r) {
        emit(w, r);
      }
    }
    for (; nextV < endV && (entries[nextV] & 0xffffffff00000000L) == tag; nextV++) {
      int w = (int) entries[nextV];
      if (rank[rowU + w] < r) {
        emit(w, r);
      }
    }
  }

  /** The entries of one list in [from, to) whose other edge, to {@code other}, is of rank <= r. */
  private void common(int from, int to, int other, int r) {
    int row = other * n;
    for (int i = from; i < to; i++) {
      int w = (int) entries[i];
      if (w != other && rank[row + w] <= r) {
        emit(w, r);
      }
    }
  }

  private void emit(int w, int r) {
    long index;
    if (w > u) {
      index = f.binomials.get(w, 3) + aboveU;
    } else if (w > v) {
      index = f.binomials.get(w, 2) + between;
    } else {
      index = belowV + w;
    }
    long key = f.key(r, index);
    if (key > after) {
      if (count == out.length) {
        out = Arrays.copyOf(out, 2 * count);
      }
      out[count++] = key;
    }
  }
}
