package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * H0 (a minimum spanning forest) when lengths are expensive and lower bounds cheap: guess the tree
 * from the bounds, measure only its edges, and prove it right or mend it by the cycle property.
 *
 * <p>The mathematics. Let T be any spanning tree and, for a pair (a, b), let P(a, b) be the longest
 * edge on T's path from a to b. An edge with length at least P(a, b) is T-heavy: it is a longest
 * edge of the cycle it closes with that path, so some minimum spanning tree avoids it (break ties
 * in favour of T's edges and it is the cycle's unique longest). Leave out every T-heavy edge and a
 * minimum spanning tree of what remains, T and the light edges, is one of the whole graph (Karger,
 * Klein and Tarjan's verification lemma), and every minimum spanning tree has the same multiset of
 * lengths: the same diagram, to the bit, as the full matrix gives.
 *
 * <p>The steps, for n points:
 *
 * <ol>
 *   <li>T is a tree of least keys ({@link EdgeLengths#lowerBoundKeys}) by Boruvka's rounds in the
 *       Vector API ({@link VectorSpanningTree#boruvka}), or Prim's algorithm without it: O(n^2)
 *       comparisons, no length. Any tree would do; this one is nearly right when the bounds follow
 *       the lengths (on MiniLM's attention with the Hellinger keys, a few edges in 134 differ).
 *   <li>T's n - 1 edges are measured.
 *   <li>Kruskal's order over T's edges gives P for every pair exactly once: when the edge of length
 *       L joins the components A and B, P(a, b) = L for every a in A and b in B. A pair whose key
 *       is at or above {@link EdgeLengths#keyAtLeast}(L) has a bound, hence a length, of at least
 *       L: heavy, with no further work. The others are refined ({@link
 *       EdgeLengths#refinedLowerBounds}) and, where the refined bound is still below L, measured;
 *       measured below L, the edge is light.
 *   <li>Kruskal's algorithm over T and the light edges gives a minimum spanning tree (T itself when
 *       no edge is light). Edges longer than the threshold are dropped: the minimum spanning forest
 *       of the edges within a threshold is the minimum spanning tree's edges within it.
 * </ol>
 *
 * <p>Why not Prim's algorithm measuring lazily (this project's earlier way): it measures an edge
 * whenever a point's bounds leave its nearest tree point in doubt, about twice n lengths on
 * attention rows, and its bookkeeping (a scan of all points per choice, several hundred choices per
 * head) cost more than the lengths. Here the bookkeeping is a few vector passes over the pairs
 * (Boruvka's rounds, the search for pairs in doubt) and one scalar pass that labels each pair with
 * its merge, and the lengths are about n.
 */
final class SpanningTreeFromBounds {
  /**
   * Whether the passes over pairs run in the Vector API ({@link VectorSpanningTree}); the class is
   * touched only then, since loading it without the incubator module fails.
   */
  static final boolean VECTOR =
      ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
          && VectorSpanningTree.supported();

  /**
   * Two triangles of scratch per thread, kept from call to call: H0 of an example runs once per
   * head, and allocating (and zeroing) them afresh cost more than filling them.
   */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  private SpanningTreeFromBounds() {}

  static ZeroDimensionalPersistence.Result compute(EdgeLengths edges, double threshold) {
    int n = edges.size();
    if (n < 2) {
      return ZeroDimensionalPersistence.result(n, 0, new int[0], new int[0], new double[0]);
    }
    double[] keys = edges.lowerBoundKeys();
    int[] rowStart = new int[n]; // pair (i, j), j < i, is keys[rowStart[i] + j]
    for (int i = 0; i < n; i++) {
      rowStart[i] = i * (i - 1) / 2;
    }
    // T's edges a[e]-b[e], measured and put in Kruskal's order.
    int[] a = new int[n - 1];
    int[] b = new int[n - 1];
    if (VECTOR && n <= VectorSpanningTree.END_BITS + 1) {
      VectorSpanningTree.boruvka(keys, rowStart, n, a, b);
    } else {
      int[] parent = primTree(keys, rowStart, n);
      for (int v = 1; v < n; v++) {
        a[v - 1] = v;
        b[v - 1] = parent[v];
      }
    }
    double[] treeLength = new double[n - 1];
    for (int e = 0; e < n - 1; e++) {
      treeLength[e] = measure(edges, a[e], b[e]);
    }
    int[] byLength = ascending(treeLength, n - 1);

    Light light = new Light(n);
    lightEdges(edges, keys, rowStart, a, b, treeLength, byLength, light);

    int[] from = new int[n - 1];
    int[] to = new int[n - 1];
    double[] len = new double[n - 1];
    int merges = kruskal(n, a, b, treeLength, light, threshold, from, to, len);
    return ZeroDimensionalPersistence.result(n, merges, from, to, len);
  }

  /**
   * A length, refused if NaN: compared with nothing, it would drop out of the forest silently (the
   * full-matrix Prim refuses it when the matrix is built).
   */
  private static double measure(EdgeLengths edges, int i, int j) {
    double d = edges.length(i, j);
    if (Double.isNaN(d)) {
      throw new IllegalArgumentException(
          "the length of the edge between points "
              + i
              + " and "
              + j
              + " is NaN; "
              + "lengths must be numbers (for attention rows: finite, non-negative entries)");
    }
    return d;
  }

  /**
   * Prim's tree of the keys from point 0 (parent[0] = -1), the scalar stand-in for {@link
   * VectorSpanningTree#boruvka}: the points not yet in the tree are kept packed at the front of
   * three arrays, so each step's pass both lowers their keys by the newest point's and finds the
   * next one.
   */
  static int[] primTree(double[] keys, int[] rowStart, int n) {
    int[] parent = new int[n];
    parent[0] = -1;
    int[] outside = new int[n - 1];
    double[] key = new double[n - 1];
    int[] via = new int[n - 1];
    int count = n - 1;
    int nearest = 0;
    for (int r = 0; r < count; r++) {
      int w = r + 1;
      outside[r] = w;
      key[r] = keys[rowStart[w]]; // the pair (w, 0)
      via[r] = 0;
      if (key[r] < key[nearest]) {
        nearest = r;
      }
    }
    while (count > 0) {
      int v = outside[nearest];
      parent[v] = via[nearest];
      count--;
      outside[nearest] = outside[count];
      key[nearest] = key[count];
      via[nearest] = via[count];
      nearest = 0;
      double nearestKey = Double.POSITIVE_INFINITY;
      for (int r = 0; r < count; r++) {
        int w = outside[r];
        double k = keys[rowStart[Math.max(v, w)] + Math.min(v, w)];
        double old = key[r];
        if (k < old) {
          key[r] = k;
          via[r] = v;
          old = k;
        }
        if (old < nearestKey) {
          nearestKey = old;
          nearest = r;
        }
      }
    }
    return parent;
  }

  /**
   * Step 3 of the class comment. First every pair gets, in a triangle laid out as the keys, the
   * heavy key of its merge ({@link EdgeLengths#keyAtLeast} of the merging edge's length) and the
   * merge's number: the points are laid out in the order of the leaves of Kruskal's dendrogram,
   * where every component at every step is one run of consecutive places, so a merge's pairs are
   * its two runs crossed. Then one pass down the rows of both triangles finds the pairs whose key
   * is below their heavy key (a vector comparison where the Vector API is present), and each row's
   * are refined in one call.
   */
  private static void lightEdges(
      EdgeLengths edges,
      double[] keys,
      int[] rowStart,
      int[] ta,
      int[] tb,
      double[] treeLength,
      int[] byLength,
      Light light) {
    int n = rowStart.length;
    // The dendrogram: merge m joins the nodes left[m] and right[m] into node n + m (nodes below n
    // are the points).
    int[] left = new int[n - 1];
    int[] right = new int[n - 1];
    int[] size = new int[2 * n - 1];
    int[] root = new int[n];
    int[] node =
        new int[n]; // the dendrogram node of the component whose union-find root is the index
    for (int i = 0; i < n; i++) {
      root[i] = i;
      node[i] = i;
      size[i] = 1;
    }
    for (int m = 0; m < n - 1; m++) {
      int ra = find(root, ta[byLength[m]]);
      int rb = find(root, tb[byLength[m]]);
      left[m] = node[ra];
      right[m] = node[rb];
      size[n + m] = size[left[m]] + size[right[m]];
      root[ra] = rb;
      node[rb] = n + m;
    }
    // Leaf order, top down: each node's run starts where its parent's does, the right child's after
    // the left's.
    int[] start = new int[2 * n - 1];
    for (int m = n - 2; m >= 0; m--) {
      start[left[m]] = start[n + m];
      start[right[m]] = start[n + m] + size[left[m]];
    }
    int[] leaf = new int[n];
    for (int i = 0; i < n; i++) {
      leaf[start[i]] = i;
    }

    Scratch scratch = SCRATCH.get();
    int pairs = rowStart[n - 1] + n - 1;
    double[] heavy = scratch.heavy(pairs);
    int[] merge = scratch.merge(pairs);
    for (int m = 0; m < n - 1; m++) {
      double keyHeavy = edges.keyAtLeast(treeLength[byLength[m]]);
      int leftFrom = start[left[m]];
      int leftTo = leftFrom + size[left[m]];
      int rightFrom = start[right[m]];
      int rightTo = rightFrom + size[right[m]];
      for (int p = leftFrom; p < leftTo; p++) {
        int x = leaf[p];
        for (int q = rightFrom; q < rightTo; q++) {
          int y = leaf[q];
          int at =
              rowStart[Math.max(x, y)] + Math.min(x, y); // no branch: x < y is a coin toss here
          heavy[at] = keyHeavy;
          merge[at] = m;
        }
      }
    }
    for (int e = 0; e < n - 1; e++) { // T's own edges are not in doubt
      heavy[rowStart[Math.max(ta[e], tb[e])] + Math.min(ta[e], tb[e])] = Double.NEGATIVE_INFINITY;
    }

    int[] doubtful = new int[n];
    double[] refined = new double[n];
    for (int i = 1; i < n; i++) {
      int base = rowStart[i];
      int count =
          VECTOR
              ? VectorSpanningTree.doubtful(keys, heavy, base, i, doubtful)
              : scalarDoubtful(keys, heavy, base, i, doubtful);
      if (count == 0) {
        continue;
      }
      edges.refinedLowerBounds(i, doubtful, count, refined);
      for (int c = 0; c < count; c++) {
        int j = doubtful[c];
        double length = treeLength[byLength[merge[base + j]]];
        if (refined[c] < length) {
          double d = measure(edges, i, j);
          if (d < length) {
            light.add(i, j, d);
          }
        }
      }
    }
  }

  /** {@link VectorSpanningTree#doubtful}, one pair at a time. */
  static int scalarDoubtful(double[] keys, double[] heavy, int rowStart, int i, int[] into) {
    int count = 0;
    for (int j = 0; j < i; j++) {
      if (keys[rowStart + j] < heavy[rowStart + j]) {
        into[count++] = j;
      }
    }
    return count;
  }

  /**
   * The heavy keys and merge numbers of {@link #lightEdges}, grown as needed and reused by the
   * thread's next call.
   */
  private static final class Scratch {
    private double[] heavy = new double[0];
    private int[] merge = new int[0];

    double[] heavy(int pairs) {
      if (heavy.length < pairs) {
        heavy = new double[pairs];
      }
      return heavy;
    }

    int[] merge(int pairs) {
      if (merge.length < pairs) {
        merge = new int[pairs];
      }
      return merge;
    }
  }

  /**
   * Kruskal's algorithm over T's edges and the light ones, keeping those within the threshold;
   * returns the count.
   */
  private static int kruskal(
      int n,
      int[] ta,
      int[] tb,
      double[] treeLength,
      Light light,
      double threshold,
      int[] from,
      int[] to,
      double[] len) {
    int m = n - 1 + light.count;
    int[] a = new int[m];
    int[] b = new int[m];
    double[] length = new double[m];
    System.arraycopy(ta, 0, a, 0, n - 1);
    System.arraycopy(tb, 0, b, 0, n - 1);
    System.arraycopy(treeLength, 0, length, 0, n - 1);
    System.arraycopy(light.a, 0, a, n - 1, light.count);
    System.arraycopy(light.b, 0, b, n - 1, light.count);
    System.arraycopy(light.length, 0, length, n - 1, light.count);
    int[] root = new int[n];
    for (int i = 0; i < n; i++) {
      root[i] = i;
    }
    int merges = 0;
    for (int e : ascending(length, m)) {
      if (length[e] > threshold) {
        break;
      }
      int ra = find(root, a[e]);
      int rb = find(root, b[e]);
      if (ra != rb) {
        root[ra] = rb;
        from[merges] = b[e];
        to[merges] = a[e];
        len[merges] = length[e];
        merges++;
      }
    }
    return merges;
  }

  static int find(int[] root, int i) {
    while (root[i] != i) {
      root[i] = root[root[i]];
      i = root[i];
    }
    return i;
  }

  /**
   * The indices 0 .. count-1 in increasing order of value (equal values in any order). Values of at
   * least 0, the usual case, are sorted as longs that pack each value's bits above its index (the
   * low 16 bits of the mantissa give way to the index), then put in exact order by an insertion
   * pass, which the packing leaves almost nothing to do; other values are sorted as doubles and
   * their indices found by binary search.
   */
  static int[] ascending(double[] values, int count) {
    int[] order = new int[count];
    boolean packable = count <= INDEX_BITS + 1;
    for (int i = 0; i < count && packable; i++) {
      packable = values[i] >= 0.0;
    }
    if (packable) {
      long[] packed = new long[count];
      for (int i = 0; i < count; i++) {
        packed[i] =
            (Double.doubleToRawLongBits(values[i] + 0.0) & ~INDEX_BITS)
                | i; // + 0.0 makes -0.0 into 0.0
      }
      Arrays.sort(packed);
      for (int p = 0; p < count; p++) {
        int i = (int) (packed[p] & INDEX_BITS);
        int q = p;
        while (q > 0 && values[order[q - 1]] > values[i]) {
          order[q] = order[q - 1];
          q--;
        }
        order[q] = i;
      }
      return order;
    }
    double[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    int[] placed = new int[count];
    for (int i = 0; i < count; i++) {
      int lo = 0;
      int hi = count;
      while (lo < hi) { // the first position whose value is not below values[i]
        int mid = (lo + hi) >>> 1;
        if (Double.compare(sorted[mid], values[i]) < 0) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      order[lo + placed[lo]++] = i;
    }
    return order;
  }

  /** The low bits of a packed value in {@link #ascending} that hold its index. */
  private static final long INDEX_BITS = 0xFFFF;

  /** The light edges found so far, growing as needed (a handful per head on attention rows). */
  private static final class Light {
    int[] a;
    int[] b;
    double[] length;
    int count;

    Light(int n) {
      a = new int[n];
      b = new int[n];
      length = new double[n];
    }

    void add(int i, int j, double d) {
      if (count == a.length) {
        a = Arrays.copyOf(a, 2 * count);
        b = Arrays.copyOf(b, 2 * count);
        length = Arrays.copyOf(length, 2 * count);
      }
      a[count] = i;
      b[count] = j;
      length[count] = d;
      count++;
    }
  }
}
