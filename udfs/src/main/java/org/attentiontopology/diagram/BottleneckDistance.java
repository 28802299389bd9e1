package org.attentiontopology.diagram;

import java.util.Arrays;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * The bottleneck distance between two persistence diagrams of one homology dimension, exactly: the
 * least r such that the points can be matched one to one, each pair within L-infinity distance r,
 * any point also allowed to go to its projection on the diagonal (cost half its persistence).
 *
 * <p>Essential points (death +infinity) match only essential points: the distance is +infinity when
 * their counts differ; otherwise the order-preserving matching of their births is optimal on a
 * line, contributing the largest |birth difference|. The finite part is then solved exactly: the
 * optimum is always one of the candidate values (a pairwise L-infinity distance or a half
 * persistence), so we never return anything else. We start from a lower bound (every point must go
 * somewhere: its nearest neighbour on the other side or the diagonal), gallop up to a feasible
 * value, bisect on reals while the interval holds many candidates, then binary search the few
 * distinct candidates left. Each test is a {@link ThresholdMatching} (Hopcroft-Karp with grid
 * neighbour search) that keeps its matching from the previous test.
 */
public final class BottleneckDistance {
  /** Bisect on reals until at most this many distinct candidate values remain in the interval. */
  private static final int CANDIDATE_CAP = 1 << 12;

  private BottleneckDistance() {}

  /**
   * The bottleneck distance; +Infinity when the diagrams have different numbers of essential
   * points.
   */
  public static double distance(PersistenceDiagram a, PersistenceDiagram b) {
    DiagramPoints.requireSameDimension(a, b);
    DiagramPoints pa = DiagramPoints.of(a);
    DiagramPoints pb = DiagramPoints.of(b);
    double essential = essentialDistance(pa.essentialBirths, pb.essentialBirths);
    if (essential == Double.POSITIVE_INFINITY) {
      return essential;
    }
    return Math.max(essential, finiteDistance(pa.births, pa.deaths, pb.births, pb.deaths));
  }

  /**
   * Largest |birth difference| of the sorted essential births; +Infinity when the counts differ.
   */
  static double essentialDistance(double[] sortedA, double[] sortedB) {
    if (sortedA.length != sortedB.length) {
      return Double.POSITIVE_INFINITY;
    }
    double worst = 0;
    for (int i = 0; i < sortedA.length; i++) {
      worst = Math.max(worst, Math.abs(sortedA[i] - sortedB[i]));
    }
    return worst;
  }

  /** Bottleneck distance between two sets of finite points given as parallel arrays. */
  static double finiteDistance(double[] ab, double[] ad, double[] bb, double[] bd) {
    int n = ab.length;
    int m = bb.length;
    if (n == 0 && m == 0) {
      return 0;
    }
    if (LineBottleneck.applies(ab, bb)) {
      return LineBottleneck.distance(
          ab, ad, bb, bd); // H0 of Rips: every point born at the same value
    }
    return gridDistance(ab, ad, bb, bd);
  }

  /**
   * The general algorithm (any births), by threshold matchings; package-private so tests can
   * compare.
   */
  static double gridDistance(double[] ab, double[] ad, double[] bb, double[] bd) {
    int n = ab.length;
    int m = bb.length;
    double[] diagonal = new double[n + m];
    double upper = 0;
    for (int i = 0; i < n; i++) {
      diagonal[i] = DiagramPoints.diagonalDistance(ab[i], ad[i]);
      upper = Math.max(upper, diagonal[i]);
    }
    for (int j = 0; j < m; j++) {
      diagonal[n + j] = DiagramPoints.diagonalDistance(bb[j], bd[j]);
      upper = Math.max(upper, diagonal[n + j]);
    }
    double lower = Math.max(nearestOrDiagonal(ab, ad, bb, bd), nearestOrDiagonal(bb, bd, ab, ad));
    if (n == 0 || m == 0) {
      return upper; // everything goes to the diagonal
    }
    ThresholdMatching matching = new ThresholdMatching(ab, ad, bb, bd);
    if (matching.feasible(lower)) {
      return lower; // the lower bound is itself a candidate value
    }
    // Invariant: lo infeasible, hi feasible (upper is: all points to the diagonal).
    double lo = lower;
    double hi = upper;
    double step = Math.max(Math.abs(lower) * 0x1p-8, (upper - lower) * 0x1p-20);
    while (lo + step < hi) {
      double r = lo + step;
      if (matching.feasible(r)) {
        hi = r;
        break;
      }
      lo = r;
      step *= 4;
    }
    // Bisect on reals until the pairs left in (lo, hi] look few (estimated from a sample), then
    // list them with one
    // full scan of the pairs within hi and finish by binary search over those exact values.
    while (true) {
      double mid = lo + (hi - lo) / 2;
      boolean stuck = mid <= lo || mid >= hi;
      if (stuck || matching.estimatePairsIn(lo, hi) <= CANDIDATE_CAP / 2) {
        double[] pairs =
            matching.edgeLengthsIn(lo, hi, stuck ? Integer.MAX_VALUE / 8 : 4 * CANDIDATE_CAP);
        if (pairs != null) {
          return smallestFeasible(matching, candidates(pairs, diagonal, lo, hi));
        }
      }
      if (matching.feasible(mid)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
  }

  /**
   * Distinct candidate values in (lo, hi]: edge lengths already filtered, plus half persistences.
   */
  private static double[] candidates(double[] pairs, double[] diagonal, double lo, double hi) {
    double[] all = Arrays.copyOf(pairs, pairs.length + diagonal.length);
    int k = pairs.length;
    for (double d : diagonal) {
      if (d > lo && d <= hi) {
        all[k++] = d;
      }
    }
    return ThresholdMatching.distinctSorted(all, k);
  }

  /**
   * The optimum is the smallest feasible candidate; the largest candidate not above hi is feasible.
   */
  private static double smallestFeasible(ThresholdMatching matching, double[] c) {
    int lo = 0;
    int hi = c.length - 1;
    if (hi < 0) {
      throw new IllegalStateException(
          "no candidate value in the search interval: bottleneck search invariant broken");
    }
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (matching.feasible(c[mid])) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return c[hi];
  }

  /**
   * max over points p of X of min(half persistence of p, L-infinity distance to the nearest point
   * of Y): a lower bound on the bottleneck distance, and a candidate value. Y is sorted along its
   * longer axis so the scan for each p stops once that coordinate alone is farther than the best
   * found (H0 diagrams have all births equal).
   */
  private static double nearestOrDiagonal(double[] xb, double[] xd, double[] yb, double[] yd) {
    int m = yb.length;
    double spreadB = spread(yb);
    double spreadD = spread(yd);
    double[] key = spreadB >= spreadD ? yb : yd;
    double[] other = spreadB >= spreadD ? yd : yb;
    double[] sortedKey = key.clone();
    int[] order = new int[m];
    for (int j = 0; j < m; j++) {
      order[j] = j;
    }
    ThresholdMatching.sortByLength(sortedKey, order, 0, m - 1);
    double[] sortedOther = new double[m];
    for (int j = 0; j < m; j++) {
      sortedOther[j] = other[order[j]];
    }
    double worst = 0;
    boolean byBirth = key == yb;
    for (int i = 0; i < xb.length; i++) {
      double k = byBirth ? xb[i] : xd[i];
      double o = byBirth ? xd[i] : xb[i];
      double best = DiagramPoints.diagonalDistance(xb[i], xd[i]);
      int pos = Arrays.binarySearch(sortedKey, k);
      if (pos < 0) {
        pos = -pos - 1;
      }
      for (int j = pos; j < m && sortedKey[j] - k < best; j++) {
        best = Math.min(best, Math.max(sortedKey[j] - k, Math.abs(sortedOther[j] - o)));
      }
      for (int j = pos - 1; j >= 0 && k - sortedKey[j] < best; j--) {
        best = Math.min(best, Math.max(k - sortedKey[j], Math.abs(sortedOther[j] - o)));
      }
      worst = Math.max(worst, best);
    }
    return worst;
  }

  private static double spread(double[] v) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double x : v) {
      lo = Math.min(lo, x);
      hi = Math.max(hi, x);
    }
    return v.length == 0 ? 0 : hi - lo;
  }
}
