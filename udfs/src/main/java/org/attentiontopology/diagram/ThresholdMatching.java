package org.attentiontopology.diagram;

import java.util.Arrays;

/**
 * The decision problem behind the bottleneck distance between two finite point sets A and B above
 * the diagonal: can every point be matched, either to a point of the other diagram within
 * L-infinity distance r, or to the diagonal when half its persistence is at most r?
 *
 * <p>Call a point heavy when half its persistence exceeds r: it must be matched to the other side.
 * Light points may go to the diagonal, and the diagonal absorbs any number of them, so the question
 * is whether the graph G_r of pairs within r has a matching covering every heavy point of A and of
 * B. By the Mendelsohn-Dulmage theorem such a matching exists iff one covers the heavy points of A
 * and one covers those of B; constructively, we first cover the heavy points of A by alternating
 * paths from A, then the heavy points of B by alternating paths from B. A path ends at an unmatched
 * vertex or at one whose mate is light (that mate is released to the diagonal), so vertices matched
 * on the far side stay matched and the first phase's work is kept. Both phases are Hopcroft-Karp:
 * layered breadth-first search, then vertex-disjoint shortest paths by depth-first search.
 *
 * <p>G_r is never stored in full; on dense inputs it has millions of edges of which the search
 * touches few. Each side is bucketed in a uniform grid of cell side at least r, so a vertex's
 * neighbours lie in its 3 x 3 block of cells; a vertex's neighbour list is computed only when the
 * search first expands it, sorted by length, for the largest r asked so far, so a smaller r only
 * moves the end of the list. A greedy pass pairs most heavy vertices with a free neighbour before
 * Hopcroft-Karp runs, and the matching is kept between calls (edges longer than the new r are
 * dropped), so each test after the first costs little.
 */
final class ThresholdMatching {
  private static final int INF = Integer.MAX_VALUE;

  /**
   * Grid cells per axis at most 2^19 + 1, so (cellX, cellY) packs into a long with a 21-bit point
   * index.
   */
  private static final int GRID_BITS = 20;

  private static final int INDEX_BITS = 21;

  /**
   * Side 0 is A, side 1 is B: coordinates, mates (index on the other side, -1 free), heaviness at
   * current r.
   */
  private final double[][] birth = new double[2][];

  private final double[][] death = new double[2][];
  private final int[] size = new int[2];
  private final int[][] mate = new int[2][];
  private final boolean[][] heavy = new boolean[2][];
  private final double minX;
  private final double minY;
  private final double span;

  /**
   * The radius the grids and cached lists serve (the largest r asked so far), and the current r.
   */
  private double builtFor = Double.NEGATIVE_INFINITY;

  private double current = Double.NaN;
  private double cell;

  /**
   * grid[s]: the points of side s sorted by cell key; keys[s] their keys; order[s] their indices.
   */
  private final long[][] keys = new long[2][];

  private final int[][] order = new int[2][];

  /**
   * Lazily computed neighbour lists (on the other side), sorted by length, valid while version
   * matches.
   */
  private final int[][][] nbr = new int[2][][];

  private final double[][][] len = new double[2][][];
  private final int[][] listVersion = new int[2][];
  private int version;

  /** End of the prefix of edges of length <= current r, valid while endStamp matches. */
  private final int[][] end = new int[2][];

  private final int[][] endStamp = new int[2][];
  private int call;

  // Hopcroft-Karp work arrays, sized for the larger side.
  private final int[] layer;
  private final int[] cursor;
  private final int[] queue;
  private final int[] stackX;
  private final int[] pathY;
  private final int[] usedY;
  private int stamp;

  ThresholdMatching(double[] ab, double[] ad, double[] bb, double[] bd) {
    if (ab.length >= (1 << INDEX_BITS) || bb.length >= (1 << INDEX_BITS)) {
      throw new IllegalArgumentException(
          "diagrams of more than "
              + ((1 << INDEX_BITS) - 1)
              + " finite points are not supported by the bottleneck matching; drop short bars first");
    }
    birth[0] = ab;
    death[0] = ad;
    birth[1] = bb;
    death[1] = bd;
    double lx = Double.POSITIVE_INFINITY;
    double hx = Double.NEGATIVE_INFINITY;
    double ly = Double.POSITIVE_INFINITY;
    double hy = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < 2; s++) {
      size[s] = birth[s].length;
      for (int i = 0; i < size[s]; i++) {
        lx = Math.min(lx, birth[s][i]);
        hx = Math.max(hx, birth[s][i]);
        ly = Math.min(ly, death[s][i]);
        hy = Math.max(hy, death[s][i]);
      }
      mate[s] = new int[size[s]];
      Arrays.fill(mate[s], -1);
      heavy[s] = new boolean[size[s]];
      nbr[s] = new int[size[s]][];
      len[s] = new double[size[s]][];
      listVersion[s] = new int[size[s]];
      end[s] = new int[size[s]];
      endStamp[s] = new int[size[s]];
    }
    this.minX = lx;
    this.minY = ly;
    this.span = Math.max(hx - lx, hy - ly);
    int max = Math.max(size[0], size[1]);
    this.layer = new int[max];
    this.cursor = new int[max];
    this.queue = new int[max];
    this.stackX = new int[max + 1];
    this.pathY = new int[max + 1];
    this.usedY = new int[max];
  }

  /**
   * Whether a matching of cost at most r exists (comparisons are exact: an edge of length exactly r
   * is allowed).
   */
  boolean feasible(double r) {
    prepare(r);
    call++;
    int n = size[0];
    for (int i = 0; i < n; i++) {
      int j = mate[0][i];
      if (j >= 0 && DiagramPoints.linf(birth[0][i], death[0][i], birth[1][j], death[1][j]) > r) {
        mate[0][i] = -1;
        mate[1][j] = -1;
      }
    }
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < size[s]; i++) {
        heavy[s][i] = DiagramPoints.diagonalDistance(birth[s][i], death[s][i]) > r;
      }
    }
    return cover(0) && cover(1);
  }

  /**
   * Makes the grids serve radius r, rebuilding them (and dropping cached lists) only when r grows.
   */
  private void prepare(double r) {
    current = r;
    if (r <= builtFor) {
      return;
    }
    builtFor = r;
    version++;
    // A cell side of at least r keeps every neighbour in the 3 x 3 block; the floor keeps indices
    // within 2^19.
    cell = Math.max(r, span / (1 << (GRID_BITS - 1)));
    if (!(cell > 0)) {
      cell = 1; // all points coincide: any positive side works
    }
    for (int s = 0; s < 2; s++) {
      int m = size[s];
      long[] keyed = new long[m];
      for (int j = 0; j < m; j++) {
        keyed[j] =
            (cellKey(cellOf(birth[s][j], minX), cellOf(death[s][j], minY)) << INDEX_BITS) | j;
      }
      Arrays.sort(keyed);
      long[] k = new long[m];
      int[] o = new int[m];
      for (int j = 0; j < m; j++) {
        k[j] = keyed[j] >>> INDEX_BITS;
        o[j] = (int) (keyed[j] & ((1L << INDEX_BITS) - 1));
      }
      keys[s] = k;
      order[s] = o;
    }
  }

  /** Neighbours of vertex x of side s within builtFor, sorted by length (computed on first use). */
  private int[] neighbours(int s, int x) {
    if (listVersion[s][x] != version) {
      int t = 1 - s;
      double bx = birth[s][x];
      double dx = death[s][x];
      int[] idx = new int[8];
      double[] l = new double[8];
      int e = 0;
      long cx = cellOf(bx, minX);
      long cy = cellOf(dx, minY);
      long[] k = keys[t];
      int[] o = order[t];
      for (long ddx = -1; ddx <= 1; ddx++) {
        for (long ddy = -1; ddy <= 1; ddy++) {
          long gx = cx + ddx;
          long gy = cy + ddy;
          if (gx < 0 || gy < 0) {
            continue;
          }
          long key = cellKey(gx, gy);
          for (int p = lowerBound(k, key); p < k.length && k[p] == key; p++) {
            int y = o[p];
            double d = DiagramPoints.linf(bx, dx, birth[t][y], death[t][y]);
            if (d <= builtFor) {
              if (e == idx.length) {
                idx = Arrays.copyOf(idx, 2 * e);
                l = Arrays.copyOf(l, 2 * e);
              }
              idx[e] = y;
              l[e] = d;
              e++;
            }
          }
        }
      }
      idx = Arrays.copyOf(idx, e);
      l = Arrays.copyOf(l, e);
      sortByLength(l, idx, 0, e - 1);
      nbr[s][x] = idx;
      len[s][x] = l;
      listVersion[s][x] = version;
      endStamp[s][x] = 0;
    }
    if (endStamp[s][x] != call) {
      end[s][x] = prefixEnd(len[s][x], current);
      endStamp[s][x] = call;
    }
    return nbr[s][x];
  }

  /**
   * All distinct pair distances in (lo, hi], sorted; null when there are more than cap of them.
   * Scans the grid directly (every pair within hi once), without building lists.
   */
  double[] edgeLengthsIn(double lo, double hi, int cap) {
    prepare(hi);
    // A grid of its own, with cell side hi (the shared one may be coarser) and coordinates stored
    // in cell order so
    // the inner loop reads memory sequentially.
    double side = Math.max(hi, span / (1 << (GRID_BITS - 1)));
    if (!(side > 0)) {
      side = 1;
    }
    int m = size[1];
    long[] keyed = new long[m];
    for (int j = 0; j < m; j++) {
      keyed[j] =
          (cellKey(cellOf(birth[1][j], minX, side), cellOf(death[1][j], minY, side)) << INDEX_BITS)
              | j;
    }
    Arrays.sort(keyed);
    long[] kb = new long[m];
    double[] sb = new double[m];
    double[] sd = new double[m];
    for (int p = 0; p < m; p++) {
      kb[p] = keyed[p] >>> INDEX_BITS;
      int j = (int) (keyed[p] & ((1L << INDEX_BITS) - 1));
      sb[p] = birth[1][j];
      sd[p] = death[1][j];
    }
    double[] out = new double[16];
    int k = 0;
    for (int x = 0; x < size[0]; x++) {
      double bx = birth[0][x];
      double dx = death[0][x];
      long cx = cellOf(bx, minX, side);
      long cy = cellOf(dx, minY, side);
      for (long ddx = -1; ddx <= 1; ddx++) {
        long gx = cx + ddx;
        if (gx < 0) {
          continue;
        }
        // The three cells (gx, cy-1..cy+1) are consecutive in key order: one binary search covers
        // them.
        long first = cellKey(gx, Math.max(0, cy - 1));
        long last = cellKey(gx, cy + 1);
        for (int p = lowerBound(kb, first); p < m && kb[p] <= last; p++) {
          double d = DiagramPoints.linf(bx, dx, sb[p], sd[p]);
          if (d > lo && d <= hi) {
            if (k == out.length) {
              if (k > 4 * cap) {
                out = distinctSorted(out, k);
                k = out.length;
                if (k > cap) {
                  return null;
                }
              }
              out = Arrays.copyOf(out, Math.max(16, 2 * k));
            }
            out[k++] = d;
          }
        }
      }
    }
    out = distinctSorted(out, k);
    return out.length > cap ? null : out;
  }

  /**
   * An estimate of the number of pairs with distance in (lo, hi], from the exact counts of about 64
   * points of A spread over the array, scaled up. Used only to decide when a full scan is worth it.
   */
  double estimatePairsIn(double lo, double hi) {
    prepare(hi);
    int n = size[0];
    int step = Math.max(1, n / 64);
    long count = 0;
    int sampled = 0;
    long[] kb = keys[1];
    int[] ob = order[1];
    for (int x = 0; x < n; x += step) {
      sampled++;
      double bx = birth[0][x];
      double dx = death[0][x];
      long cx = cellOf(bx, minX);
      long cy = cellOf(dx, minY);
      for (long ddx = -1; ddx <= 1; ddx++) {
        for (long ddy = -1; ddy <= 1; ddy++) {
          long gx = cx + ddx;
          long gy = cy + ddy;
          if (gx < 0 || gy < 0) {
            continue;
          }
          long key = cellKey(gx, gy);
          for (int p = lowerBound(kb, key); p < kb.length && kb[p] == key; p++) {
            int y = ob[p];
            double d = DiagramPoints.linf(bx, dx, birth[1][y], death[1][y]);
            if (d > lo && d <= hi) {
              count++;
            }
          }
        }
      }
    }
    return sampled == 0 ? 0 : (double) count * n / sampled;
  }

  static double[] distinctSorted(double[] a, int length) {
    double[] s = Arrays.copyOf(a, length);
    Arrays.sort(s);
    int k = 0;
    for (int i = 0; i < s.length; i++) {
      if (k == 0 || s[i] != s[k - 1]) {
        s[k++] = s[i];
      }
    }
    return Arrays.copyOf(s, k);
  }

  /** First index whose length exceeds r (lengths sorted ascending). */
  private static int prefixEnd(double[] l, double r) {
    int lo = 0;
    int hi = l.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (l[mid] <= r) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Sorts len[lo..hi] ascending, permuting idx alongside (quicksort, insertion sort on short
   * ranges).
   */
  static void sortByLength(double[] len, int[] idx, int lo, int hi) {
    while (hi - lo > 16) {
      double pivot = len[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (len[i] < pivot) {
          i++;
        }
        while (len[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = len[i];
          len[i] = len[j];
          len[j] = t;
          int u = idx[i];
          idx[i] = idx[j];
          idx[j] = u;
          i++;
          j--;
        }
      }
      if (j - lo < hi - i) {
        sortByLength(len, idx, lo, j);
        lo = i;
      } else {
        sortByLength(len, idx, i, hi);
        hi = j;
      }
    }
    for (int i = lo + 1; i <= hi; i++) {
      double l = len[i];
      int x = idx[i];
      int k = i - 1;
      while (k >= lo && len[k] > l) {
        len[k + 1] = len[k];
        idx[k + 1] = idx[k];
        k--;
      }
      len[k + 1] = l;
      idx[k + 1] = x;
    }
  }

  private long cellOf(double v, double origin) {
    return cellOf(v, origin, cell);
  }

  private static long cellOf(double v, double origin, double side) {
    return (long) Math.floor((v - origin) / side);
  }

  private static long cellKey(long x, long y) {
    return (x << (GRID_BITS + 2)) | y;
  }

  private static int lowerBound(long[] a, long key) {
    int lo = 0;
    int hi = a.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (a[mid] < key) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** y (on the far side) ends an alternating path from side s: it is free, or its mate is light. */
  private boolean terminal(int s, int y) {
    int mx = mate[1 - s][y];
    return mx < 0 || !heavy[s][mx];
  }

  /**
   * Covers every heavy vertex of side s: a greedy pass with the shortest usable edge of each
   * unmatched heavy vertex, then Hopcroft-Karp from those left. Vertices of the far side that are
   * matched stay matched.
   */
  private boolean cover(int s) {
    int[] mateX = mate[s];
    int[] mateY = mate[1 - s];
    boolean[] heavyX = heavy[s];
    int nx = size[s];
    for (int x = 0; x < nx; x++) {
      if (heavyX[x] && mateX[x] < 0) {
        int[] adj = neighbours(s, x);
        int e = end[s][x];
        for (int k = 0; k < e; k++) {
          int y = adj[k];
          if (terminal(s, y)) {
            int old = mateY[y];
            if (old >= 0) {
              mateX[old] = -1;
            }
            mateX[x] = y;
            mateY[y] = x;
            break;
          }
        }
      }
    }
    while (true) {
      int head = 0;
      int tail = 0;
      for (int x = 0; x < nx; x++) {
        if (heavyX[x] && mateX[x] < 0) {
          layer[x] = 0;
          queue[tail++] = x;
        } else {
          layer[x] = INF;
        }
      }
      if (tail == 0) {
        return true;
      }
      int limit = INF;
      while (head < tail) {
        int x = queue[head++];
        if (layer[x] + 1 >= limit) {
          break;
        }
        int[] adj = neighbours(s, x);
        int e = end[s][x];
        for (int k = 0; k < e; k++) {
          int y = adj[k];
          int mx = mateY[y];
          if (mx < 0 || !heavyX[mx]) {
            limit = layer[x] + 1;
          } else if (layer[mx] == INF) {
            layer[mx] = layer[x] + 1;
            queue[tail++] = mx;
          }
        }
      }
      if (limit == INF) {
        return false; // some unmatched heavy vertex has no alternating path: no covering matching
        // exists
      }
      stamp++;
      for (int q = 0; q < tail; q++) {
        cursor[queue[q]] = 0;
      }
      boolean any = false;
      for (int q = 0; q < tail && layer[queue[q]] == 0; q++) {
        any |= augment(s, queue[q], limit);
      }
      if (!any) {
        return false;
      }
    }
  }

  /**
   * Iterative depth-first search for one shortest alternating path from root within the BFS layers.
   */
  private boolean augment(int s, int root, int limit) {
    int[] mateX = mate[s];
    int[] mateY = mate[1 - s];
    boolean[] heavyX = heavy[s];
    int top = 0;
    stackX[0] = root;
    while (top >= 0) {
      int x = stackX[top];
      int[] adj = neighbours(s, x);
      int e = end[s][x];
      boolean descended = false;
      while (cursor[x] < e) {
        int y = adj[cursor[x]++];
        if (usedY[y] == stamp) {
          continue;
        }
        int mx = mateY[y];
        if (mx < 0 || !heavyX[mx]) {
          if (layer[x] + 1 == limit) {
            pathY[top] = y;
            if (mx >= 0) {
              mateX[mx] = -1; // a light vertex goes to the diagonal
            }
            for (int k = top; k >= 0; k--) {
              int yy = pathY[k];
              int xx = stackX[k];
              usedY[yy] = stamp;
              mateX[xx] = yy;
              mateY[yy] = xx;
            }
            return true;
          }
        } else if (layer[mx] == layer[x] + 1 && layer[mx] < limit) {
          pathY[top] = y;
          stackX[++top] = mx;
          descended = true;
          break;
        }
      }
      if (!descended) {
        layer[x] = INF;
        top--;
      }
    }
    return false;
  }
}
