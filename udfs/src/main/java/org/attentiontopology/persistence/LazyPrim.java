package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * H0 (a minimum spanning forest) when lengths are expensive and lower bounds cheap: Prim's algorithm that measures
 * an edge only when the point it leads to is about to be chosen and the bound cannot rule the edge out.
 *
 * <p>Each point w outside the tree keeps {@code key[w]}, the shortest measured edge from the tree, and
 * {@code bound[w]}, the smallest lower bound of the tree edges not yet settled for it; its true distance to the tree
 * is at least min(key, bound). The point with the smallest such estimate is chosen. If its estimate is a bound, the
 * point is settled: its unsettled tree edges are measured in increasing order of bound while the bound is below the
 * key, and the choice is made again. If its estimate is its key, that key is its true distance to the tree (every
 * unmeasured edge is at least its bound, which is at least the key) and no other point is nearer (each one's true
 * distance is at least its estimate): Prim's choice, exactly. So the diagram is that of the full matrix, to the bit;
 * only the choice among equally long edges may differ.
 *
 * <p>Why lazily rather than when a point joins (measuring every edge whose bound is below the key then): a point's
 * key is small only once the tree comes near it, and most edges measured earlier are superseded. On attention rows
 * with the Hellinger bound this measures a few edges per point instead of a third of all pairs
 * (scripts/bench-pipeline prints the share).
 */
final class LazyPrim {
  private LazyPrim() {}

  static ZeroDimensionalPersistence.Result compute(EdgeLengths edges, double threshold) {
    int n = edges.size();
    int[] tree = new int[n]; // points in the order they joined
    boolean[] inTree = new boolean[n];
    double[] key = new double[n];
    int[] parent = new int[n];
    double[] bound = new double[n];
    int[] settled = new int[n]; // tree[0 .. settled[w]) are measured or ruled out for w
    Arrays.fill(key, Double.POSITIVE_INFINITY);
    Arrays.fill(bound, Double.POSITIVE_INFINITY);
    Arrays.fill(parent, -1);
    int[] from = new int[Math.max(0, n - 1)];
    int[] to = new int[Math.max(0, n - 1)];
    double[] len = new double[Math.max(0, n - 1)];
    int[] candidates = new int[n];
    double[] candidateBounds = new double[n];
    int merges = 0;
    int size = 0;
    while (size < n) {
      int next = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int w = 0; w < n; w++) {
        if (!inTree[w]) {
          double estimate = Math.min(key[w], bound[w]);
          if (next < 0 || estimate < best) {
            next = w;
            best = estimate;
          }
        }
      }
      if (bound[next] < key[next]) {
        settle(edges, next, tree, size, threshold, key, parent, bound, settled, candidates, candidateBounds);
        continue;
      }
      if (parent[next] >= 0) {
        from[merges] = parent[next];
        to[merges] = next;
        len[merges] = key[next];
        merges++;
      }
      inTree[next] = true;
      tree[size++] = next;
      for (int w = 0; w < n; w++) {
        if (!inTree[w]) {
          double b = edges.lowerBound(next, w);
          if (b <= threshold && b < bound[w]) {
            bound[w] = b;
          }
        }
      }
    }
    return ZeroDimensionalPersistence.result(n, merges, from, to, len);
  }

  /**
   * Measures the tree edges of w not yet settled whose bound is below w's key, in increasing order of bound (so
   * that the key falls early and rules out the rest), then marks all current tree points settled for w.
   */
  private static void settle(EdgeLengths edges, int w, int[] tree, int size, double threshold, double[] key,
      int[] parent, double[] bound, int[] settled, int[] candidates, double[] candidateBounds) {
    int count = 0;
    for (int p = settled[w]; p < size; p++) {
      int u = tree[p];
      double b = edges.lowerBound(u, w);
      if (b <= threshold && b < key[w]) {
        candidates[count] = u;
        candidateBounds[count] = b;
        count++;
      }
    }
    // Smallest bound first; after each measurement, only the candidates whose bound is still below the key stay.
    // Usually one or two measurements bring the key below all the other bounds.
    while (count > 0) {
      int smallest = 0;
      for (int c = 1; c < count; c++) {
        if (candidateBounds[c] < candidateBounds[smallest]) {
          smallest = c;
        }
      }
      int u = candidates[smallest];
      double d = edges.length(u, w);
      if (d <= threshold && d < key[w]) {
        key[w] = d;
        parent[w] = u;
      }
      int kept = 0;
      for (int c = 0; c < count; c++) {
        if (c != smallest && candidateBounds[c] < key[w]) {
          candidates[kept] = candidates[c];
          candidateBounds[kept] = candidateBounds[c];
          kept++;
        }
      }
      count = kept;
    }
    settled[w] = size;
    bound[w] = Double.POSITIVE_INFINITY;
  }
}
