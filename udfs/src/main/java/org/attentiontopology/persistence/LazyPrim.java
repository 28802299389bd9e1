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
 *
 * <p>Bookkeeping, which cost about as much as the lengths themselves before it was cut down (on MiniLM heads of 134
 * points: about 385 choices, 250 of them settles, and 600 lengths):
 * <ul>
 *   <li>each choice is one scan of {@code estimate}, min(key, bound) kept up to date and +infinity for points in the
 *       tree, with no test of membership in the loop;
 *   <li>a joining point's bounds are read as one row ({@link EdgeLengths#lowerBounds}); points in the tree have
 *       bounds -infinity, so that no bound of the row can lower theirs;
 *   <li>each point also keeps the second smallest bound of its unsettled tree edges and where the smallest is. A
 *       settle measures that edge first without looking at the others, and if the key falls to the second bound or
 *       below, the others are all ruled out and the settle ends there (three settles in five on attention rows);
 *       only otherwise are the unsettled tree edges scanned, and their lengths asked two at a time (see settle).
 *       Key and parent come out as from the plain scan, one edge at a time; a few more lengths are asked (on
 *       MiniLM, five more in 43,712 per example).
 * </ul>
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
    double[] secondBound = new double[n]; // the second smallest bound of w's unsettled tree edges
    int[] boundAt = new int[n]; // the position in tree of the point whose edge has bound[w] (the first such)
    double[] estimate = new double[n];
    int[] settled = new int[n]; // tree[0 .. settled[w]) are measured or ruled out for w
    Arrays.fill(key, Double.POSITIVE_INFINITY);
    Arrays.fill(bound, Double.POSITIVE_INFINITY);
    Arrays.fill(secondBound, Double.POSITIVE_INFINITY);
    Arrays.fill(estimate, Double.POSITIVE_INFINITY);
    Arrays.fill(parent, -1);
    int[] from = new int[Math.max(0, n - 1)];
    int[] to = new int[Math.max(0, n - 1)];
    double[] len = new double[Math.max(0, n - 1)];
    int[] candidates = new int[n];
    double[] candidateBounds = new double[n];
    double[] row = new double[n];
    double[] refined = new double[n];
    int merges = 0;
    int size = 0;
    while (size < n) {
      // Strictly smaller wins, so among equal estimates the lowest index, as in the full-matrix Prim.
      int next = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int w = 0; w < n; w++) {
        if (estimate[w] < best) {
          next = w;
          best = estimate[w];
        }
      }
      if (next < 0) {
        // Nothing outside the tree within reach (the start, or the threshold cut the forest): the lowest point
        // outside the tree starts a new component.
        next = 0;
        while (inTree[next]) {
          next++;
        }
      } else if (bound[next] < key[next]) {
        settle(edges, next, tree, size, threshold, key, parent, secondBound[next], boundAt[next], settled[next],
            candidates, candidateBounds, row, refined);
        settled[next] = size;
        bound[next] = Double.POSITIVE_INFINITY;
        secondBound[next] = Double.POSITIVE_INFINITY;
        estimate[next] = key[next];
        continue;
      }
      if (parent[next] >= 0) {
        from[merges] = parent[next];
        to[merges] = next;
        len[merges] = key[next];
        merges++;
      }
      inTree[next] = true;
      bound[next] = Double.NEGATIVE_INFINITY;
      secondBound[next] = Double.NEGATIVE_INFINITY;
      estimate[next] = Double.POSITIVE_INFINITY;
      int at = size;
      tree[size++] = next;
      edges.lowerBounds(next, row);
      for (int w = 0; w < n; w++) {
        double b = row[w];
        if (b < secondBound[w] && b <= threshold) {
          if (b < bound[w]) {
            secondBound[w] = bound[w];
            bound[w] = b;
            boundAt[w] = at;
            estimate[w] = Math.min(estimate[w], b);
          } else {
            secondBound[w] = b;
          }
        }
      }
    }
    return ZeroDimensionalPersistence.result(n, merges, from, to, len);
  }

  /**
   * Measures the tree edges of w not yet settled ({@code tree[settledAt .. size)}) whose bound is below w's key, in
   * increasing order of bound (so that the key falls early and rules out the rest; among equal bounds, in tree
   * order).
   *
   * <p>The first of them is known without a look at the others: the edge at {@code boundAt}, with the smallest bound.
   * If its length brings the key down to {@code secondBound} or below, every other edge is ruled out too, and w is
   * settled with no pass over its tree edges. Otherwise the others whose bound is below the new key are collected
   * (in tree order), their bounds refined in one call ({@link EdgeLengths#refinedLowerBounds}), and those still
   * below the key measured smallest bound first, as the first would have been.
   */
  private static void settle(EdgeLengths edges, int w, int[] tree, int size, double threshold, double[] key,
      int[] parent, double secondBound, int boundAt, int settledAt, int[] candidates, double[] candidateBounds,
      double[] row, double[] refined) {
    double keyW = key[w];
    int parentW = parent[w];
    int first = tree[boundAt];
    double d = edges.length(first, w);
    if (d <= threshold && d < keyW) {
      keyW = d;
      parentW = first;
    }
    if (keyW > secondBound) {
      edges.lowerBounds(w, row);
      int count = 0;
      for (int p = settledAt; p < size; p++) {
        int u = tree[p];
        double b = row[u];
        if (b < keyW && b <= threshold && p != boundAt) {
          candidates[count] = u;
          candidateBounds[count] = b;
          count++;
        }
      }
      // The cheap bounds left these in doubt: refine them all in one call (for JS, single-precision divergences less
      // their proven error, within millionths of the lengths) and keep those still below the key.
      if (count > 0) {
        edges.refinedLowerBounds(w, candidates, count, refined);
        int kept = 0;
        for (int c = 0; c < count; c++) {
          double b = Math.max(candidateBounds[c], refined[c]);
          if (b < keyW && b <= threshold) {
            candidates[kept] = candidates[c];
            candidateBounds[kept] = b;
            kept++;
          }
        }
        count = kept;
      }
      // Smallest bound first; after each measurement, only the candidates whose bound is still below the key stay.
      while (count > 0) {
        int smallest = 0;
        for (int c = 1; c < count; c++) {
          if (candidateBounds[c] < candidateBounds[smallest]) {
            smallest = c;
          }
        }
        int u = candidates[smallest];
        d = edges.length(u, w);
        if (d <= threshold && d < keyW) {
          keyW = d;
          parentW = u;
        }
        int kept = 0;
        for (int c = 0; c < count; c++) {
          if (c != smallest && candidateBounds[c] < keyW) {
            candidates[kept] = candidates[c];
            candidateBounds[kept] = candidateBounds[c];
            kept++;
          }
        }
        count = kept;
      }
    }
    key[w] = keyW;
    parent[w] = parentW;
  }
}
