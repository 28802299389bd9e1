package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * H0 of a Vietoris-Rips filtration, exactly, by Prim's algorithm on the dense distance matrix: O(n^2) time, O(n)
 * memory. Every point is born at 0; each edge of a minimum spanning forest kills one component at its length, and
 * one component per connected piece (at the threshold) never dies.
 *
 * <p>Unlike Ripser, which omits bars of length zero, this keeps all n bars, so an H0 diagram of n points always has
 * n bars; {@link PersistenceDiagram#withoutZeroLengthBars()} gives Ripser's view. Ties are broken by the lowest point
 * index, so the merge edges are deterministic.
 */
public final class ZeroDimensionalPersistence {
  private ZeroDimensionalPersistence() {}

  /** The H0 diagram together with, for each finite bar, the edge whose appearance killed it. */
  public record Result(PersistenceDiagram diagram, int[] mergeFrom, int[] mergeTo, double[] mergeLength) {
    /** Number of finite bars (edges of the spanning forest). */
    public int merges() {
      return mergeLength.length;
    }
  }

  public static PersistenceDiagram diagram(DistanceMatrix d) {
    return compute(d, Double.POSITIVE_INFINITY).diagram();
  }

  /**
   * Prim's algorithm restricted to edges of length at most {@code threshold}: a new tree (an essential bar) starts
   * whenever no remaining point is within the threshold of the current forest.
   */
  public static Result compute(DistanceMatrix d, double threshold) {
    return compute(EdgeLengths.of(d), threshold);
  }

  /**
   * The same from lengths computed on demand. When a point joins the tree, the edge to each outside point v is
   * measured only if its lower bound is below v's current key (and within the threshold): otherwise the length,
   * being at least the bound, could not lower the key, and Prim would not use it. So the keys, the merge edges
   * and the diagram are exactly those of the full matrix; only the number of lengths computed changes.
   */
  public static Result compute(EdgeLengths edges, double threshold) {
    int n = edges.size();
    boolean[] inTree = new boolean[n];
    double[] key = new double[n];
    int[] parent = new int[n];
    Arrays.fill(key, Double.POSITIVE_INFINITY);
    Arrays.fill(parent, -1);
    int[] from = new int[Math.max(0, n - 1)];
    int[] to = new int[Math.max(0, n - 1)];
    double[] len = new double[Math.max(0, n - 1)];
    int merges = 0;
    int essential = 0;
    for (int added = 0; added < n; added++) {
      int next = -1;
      double best = Double.POSITIVE_INFINITY;
      for (int v = 0; v < n; v++) {
        if (!inTree[v] && (next < 0 || key[v] < best)) {
          next = v;
          best = key[v];
        }
      }
      if (parent[next] < 0 || best > threshold) {
        essential++;
      } else {
        from[merges] = parent[next];
        to[merges] = next;
        len[merges] = best;
        merges++;
      }
      inTree[next] = true;
      for (int v = 0; v < n; v++) {
        if (!inTree[v]) {
          double bound = edges.lowerBound(next, v);
          if (bound > threshold || bound >= key[v]) {
            continue;
          }
          double dv = edges.length(next, v);
          if (dv <= threshold && dv < key[v]) {
            key[v] = dv;
            parent[v] = next;
          }
        }
      }
    }
    double[] births = new double[n];
    double[] deaths = new double[n];
    for (int i = 0; i < merges; i++) {
      deaths[i] = len[i];
    }
    for (int i = merges; i < n; i++) {
      deaths[i] = Double.POSITIVE_INFINITY;
    }
    assert merges + essential == n;
    return new Result(PersistenceDiagram.of(0, births, deaths), Arrays.copyOf(from, merges),
        Arrays.copyOf(to, merges), Arrays.copyOf(len, merges));
  }
}
