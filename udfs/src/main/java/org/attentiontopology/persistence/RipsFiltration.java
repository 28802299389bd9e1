package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * The Vietoris-Rips filtration of a finite metric space, implicitly: a simplex enters at its
 * diameter, the largest distance between two of its vertices, and nothing but the distance matrix
 * is stored.
 *
 * <p>Diameters are replaced by their rank among the distinct distances, which orders them the same
 * way, so that a simplex fits one {@code long} key: {@code rank << indexBits | (indexMask -
 * index)}. Ascending keys are then the total order Ripser uses for the filtration, by diameter and,
 * among equal diameters, by decreasing combinatorial index; every comparison of simplices is one
 * comparison of longs. Immutable and shared by all reducing threads.
 *
 * <p>Only distances within the threshold are ranked; the others share one rank past it. When the
 * threshold leaves out a good part of the edges (banded attention below the enclosing radius), each
 * vertex also lists its neighbours within it, so that {@link Cofacets} walks those instead of all n
 * vertices: the complex is then as sparse to reduce as it is, as in Ripser's sparse mode.
 */
final class RipsFiltration {
  final int n;

  /**
   * Rank of d(i, j) at i * n + j, both triangles, so that the distances from one vertex lie
   * contiguous.
   */
  final int[] rank;

  /**
   * The distinct distances within the threshold, ascending, then +infinity: rank r means distance
   * values[r].
   */
  private final double[] values;

  /** Largest rank within the threshold, -1 if no edge is. */
  final int thresholdRank;

  /**
   * Where every class of dimension >= 1 dies, +infinity if the filtration stops at the threshold.
   */
  final double cone;

  /**
   * Where the threshold leaves edges out (else null): the neighbours of vertex i within the
   * threshold, in decreasing order, at neighbors[neighborStart[i] .. neighborStart[i + 1]).
   */
  final int[] neighborStart;

  final int[] neighbors;

  /** The edges within the threshold as {@code i << 16 | j}, in filtration order. */
  private final int[] order;

  /** Their keys. */
  private final long[] edges;

  final Binomials binomials;
  final int indexBits;
  final long indexMask;

  /**
   * @param topDimension highest dimension whose simplices are reduced; indices of their cofacets
   *     must fit
   * @param threshold edges longer than this are left out
   * @param cone where the left-out edges make the complex a cone (the enclosing radius, when the
   *     threshold is just below it): classes of dimension >= 1 still alive die there; +infinity for
   *     none
   */
  RipsFiltration(DistanceMatrix d, int topDimension, double threshold, double cone) {
    this(d, topDimension, threshold, cone, true);
  }

  /**
   * As above; {@code neighbourLists} false walks all vertices however sparse (tests compare the two
   * walks).
   */
  RipsFiltration(
      DistanceMatrix d, int topDimension, double threshold, double cone, boolean neighbourLists) {
    this(ranked(d, threshold), topDimension, cone, neighbourLists);
  }

  /**
   * A rank matrix over its distinct values: rank {@code values.length - 1} (+infinity) means no
   * edge. {@code order}: the edges within the threshold as {@code i << 16 | j} in filtration order;
   * {@code orderRanks}: their ranks in that order.
   */
  private record Ranked(int n, int[] rank, double[] values, int[] order, int[] orderRanks) {}

  private static Ranked ranked(DistanceMatrix d, double threshold) {
    int n = d.size();
    double[] tri = d.triangle();
    FiltrationOrder.Sorted sorted = FiltrationOrder.sorted(n, tri, threshold);
    int[] order = sorted.edges();
    long[] bits = sorted.lengthBits();
    double[] values = new double[order.length + 1];
    int[] orderRanks = new int[order.length];
    int distinct = 0;
    for (int k = 0; k < order.length; k++) {
      double x = Double.longBitsToDouble(bits[k]);
      if (distinct == 0 || x != values[distinct - 1]) {
        values[distinct++] = x;
      }
      orderRanks[k] = distinct - 1;
    }
    values = Arrays.copyOf(values, distinct + 1);
    values[distinct] = Double.POSITIVE_INFINITY; // the rank of every edge beyond the threshold
    int[] rank = new int[n * n];
    if (order.length < DistanceMatrix.triangleLength(n)) {
      // Every pair at the rank past the threshold, then the diagonal back to 0 and the edges
      // within it at their own: no pass over the lengths to find those beyond.
      Arrays.fill(rank, distinct);
      for (int i = 0; i < n; i++) {
        rank[i * n + i] = 0;
      }
    }
    for (int k = 0; k < order.length; k++) {
      int i = order[k] >>> 16;
      int j = order[k] & 0xffff;
      rank[i * n + j] = orderRanks[k];
      rank[j * n + i] = orderRanks[k];
    }
    return new Ranked(n, rank, values, order, orderRanks);
  }

  /**
   * The index of edge {@code i << 16 | j} (i > j) in the lower triangle, also its simplex index.
   */
  private static int triangleIndex(int edge) {
    int i = edge >>> 16;
    return i * (i - 1) / 2 + (edge & 0xffff);
  }

  private RipsFiltration(Ranked ranked, int topDimension, double cone, boolean neighbourLists) {
    n = ranked.n();
    rank = ranked.rank();
    values = ranked.values();
    this.cone = cone;
    int distinct = values.length - 1;
    thresholdRank = distinct - 1;
    order = ranked.order();
    int[] orderRanks = ranked.orderRanks();
    int[] degree = new int[n];
    long count = order.length;
    for (int e : order) {
      degree[e >>> 16]++;
      degree[e & 0xffff]++;
    }
    if (neighbourLists && 4 * count < 3 * DistanceMatrix.triangleLength(n)) {
      neighborStart = new int[n + 1];
      for (int i = 0; i < n; i++) {
        neighborStart[i + 1] = neighborStart[i] + degree[i];
      }
      neighbors = new int[neighborStart[n]];
      for (int i = 0; i < n; i++) {
        int at = neighborStart[i];
        int row = i * n;
        for (int j = n - 1; j >= 0; j--) {
          if (j != i && rank[row + j] < distinct) {
            neighbors[at++] = j;
          }
        }
      }
    } else {
      neighborStart = null;
      neighbors = null;
    }
    binomials = new Binomials(n, topDimension + 2);
    long maxIndex = 1; // indices of k-simplices are below C(n, k + 1), which is not monotone in k
    for (int k = 2; k <= topDimension + 2; k++) {
      maxIndex = Math.max(maxIndex, binomials.get(n, k));
    }
    indexBits = 64 - Long.numberOfLeadingZeros(maxIndex);
    indexMask = (1L << indexBits) - 1;
    int rankBits = 32 - Integer.numberOfLeadingZeros(distinct + 1);
    if (rankBits + indexBits > 63) {
      throw new IllegalArgumentException(
          n
              + " points with "
              + distinct
              + " distinct distances do not fit the "
              + "64-bit simplex keys for dimension "
              + topDimension
              + "; lower maxDimension or the number of points");
    }
    edges = new long[order.length];
    for (int k = 0; k < order.length; k++) {
      int e = order[k];
      edges[k] = key(orderRanks[k], triangleIndex(e));
    }
  }

  /**
   * The edges below rank {@code absent} as {@code i << 16 | j}, in filtration order: rank, then
   * decreasing index.
   */
  static int[] orderOf(int[] rank, int n, int absent) {
    int count = 0;
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (rank[i * n + j] < absent) {
          count++;
        }
      }
    }
    long[] keyed = new long[count];
    int at = 0;
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        int r = rank[i * n + j];
        if (r < absent) {
          keyed[at++] = orderKey(r, i, j);
        }
      }
    }
    Arrays.sort(keyed);
    int[] order = new int[count];
    decodeOrder(keyed, count, order, new int[count]);
    return order;
  }

  /**
   * A key of edge ij (i > j) at rank r that sorts as the filtration does: the rank, then the
   * complement of the index, so that larger indices come first.
   */
  static long orderKey(int r, int i, int j) {
    return (long) r << 32 | (Integer.MAX_VALUE - triangleIndex(i << 16 | j));
  }

  /**
   * The edges, {@code i << 16 | j}, and the ranks of the first {@code count} {@link #orderKey
   * keys}.
   */
  static void decodeOrder(long[] keyed, int count, int[] order, int[] ranks) {
    for (int k = 0; k < count; k++) {
      int index = Integer.MAX_VALUE - (int) keyed[k];
      int i = (int) ((1 + Math.sqrt(1 + 8.0 * index)) / 2);
      while (i * (i - 1) / 2 > index) {
        i--;
      }
      while ((i + 1) * i / 2 <= index) {
        i++;
      }
      order[k] = i << 16 | (index - i * (i - 1) / 2);
      ranks[k] = (int) (keyed[k] >>> 32);
    }
  }

  /** Edges left from which one more collapse pass may pay (see {@link #collapsed}). */
  static final int AGAIN_FROM = 4096;

  /**
   * The same persistence from fewer edges ({@link EdgeCollapse}): the flag filtration of the
   * collapsed graph, over the same values, ending at the same cone. A pass leaves edges that the
   * removal of others has made dominated, so the collapse is repeated on its own result while a
   * pass removes at least a quarter of the edges it is given: the second pass removes another
   * 12-15% of softmax rows' edges (256 and 512 points) and the reduction then takes 10-15% less,
   * for a third of the first pass's time; a third pass removes a few percent and does not pay.
   * Below {@link #AGAIN_FROM} edges left (attention heads of about a hundred tokens) the reduction
   * is already cheaper than another pass.
   */
  RipsFiltration collapsed(int topDimension, boolean neighbourLists) {
    int absent = thresholdRank + 1;
    int[] ranks = new int[order.length];
    for (int k = 0; k < ranks.length; k++) {
      ranks[k] = rankOf(edges[k]);
    }
    EdgeCollapse.Collapsed c = new EdgeCollapse.Collapsed(rank, order, ranks);
    int removed;
    do {
      int given = c.order().length;
      c = EdgeCollapse.collapse(c.rank(), n, absent, c.order(), c.orderRanks());
      removed = given - c.order().length;
    } while (c.order().length >= AGAIN_FROM && 4 * removed >= c.order().length + removed);
    return new RipsFiltration(
        new Ranked(n, c.rank(), values, c.order(), c.orderRanks()),
        topDimension,
        cone,
        neighbourLists);
  }

  private volatile ZeroPivotApexes zeroPivotApexes;

  /**
   * The apexes of the edges' zero pivot cofacets ({@link ZeroPivotApexes}), built at the first
   * question; threads that ask at once may each build the same table.
   */
  ZeroPivotApexes zeroPivotApexes() {
    ZeroPivotApexes table = zeroPivotApexes;
    if (table == null) {
      table = ZeroPivotApexes.of(this);
      zeroPivotApexes = table;
    }
    return table;
  }

  /**
   * Whether the collapse is likely to pay here when dimensions up to {@code top} are computed
   * ({@link EdgeCollapse#pays}).
   */
  boolean collapsePays(int top) {
    return EdgeCollapse.pays(rank, n, order, top);
  }

  long key(int rank, long index) {
    return ((long) rank << indexBits) | (indexMask - index);
  }

  long indexOf(long key) {
    return indexMask - (key & indexMask);
  }

  int rankOf(long key) {
    return (int) (key >>> indexBits);
  }

  double value(int rank) {
    return values[rank];
  }

  /** Records the bar of a class no column killed: it dies at the cone, or never. */
  void addUnpaired(PersistenceDiagram.Builder bars, int birthRank) {
    bars.add(values[birthRank], cone);
  }

  /** Keys of the edges within the threshold, in filtration order; callers must not modify it. */
  long[] edgesInOrder() {
    return edges;
  }

  /**
   * The same edges as {@link #edgesInOrder} by their vertices, {@code i << 16 | j} (i > j), which
   * spares decoding them from their index; callers must not modify it.
   */
  int[] edgeVerticesInOrder() {
    return order;
  }

  /** Rank of the diameter of the simplex with the given vertices. */
  int diameterRank(int[] vertices, int count) {
    int r = 0;
    for (int a = 1; a < count; a++) {
      int row = vertices[a] * n;
      for (int b = 0; b < a; b++) {
        r = Math.max(r, rank[row + vertices[b]]);
      }
    }
    return r;
  }
}
