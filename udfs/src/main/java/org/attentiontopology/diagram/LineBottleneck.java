package org.attentiontopology.diagram;

import java.util.Arrays;

/**
 * The bottleneck distance between two sets of finite points that all share one birth, such as the
 * H0 diagrams of Rips filtrations (every point born at 0): the points lie on one vertical line, and
 * the problem becomes one-dimensional. Returns exactly what {@link BottleneckDistance} returns for
 * them, in O((n + m) log(n + m)) instead of matchings on a grid, which matters because an H0
 * diagram has a point per token and the job compares one per layer and head for every pair of
 * examples.
 *
 * <p>With deaths x (first diagram) and y (second) and common birth c, a pair costs |x - y| (the
 * L-infinity distance, births being equal) and a point alone (d - c) / 2. For a threshold e, call a
 * point mandatory when its half persistence exceeds e: it must be paired within e with a point of
 * the other side. A matching within e exists iff there is a pairing of the two sides, each pair
 * within e, that covers every mandatory point (the other points go to the diagonal, and the
 * diagonal copies of paired points pair with each other at cost 0). By the Mendelsohn-Dulmage
 * theorem such a pairing exists iff one covers the first side's mandatory points and one covers the
 * second's; on a line, where each point's partners form an interval of the other side's sorted
 * deaths and the intervals all have width 2e, each of these is decided by a greedy pass that gives
 * every mandatory point the smallest free partner in reach.
 *
 * <p>Feasibility changes only where e equals one of the computed costs, so the smallest feasible
 * double, found by bisecting the bit patterns of non-negative doubles (which order like their
 * values), is the smallest feasible candidate value, as the general algorithm finds.
 */
final class LineBottleneck {
  private LineBottleneck() {}

  /**
   * Whether every finite point of both sets has the same birth (and there is at least one point).
   */
  static boolean applies(double[] ab, double[] bb) {
    double c = ab.length > 0 ? ab[0] : bb.length > 0 ? bb[0] : Double.NaN;
    if (Double.isNaN(c)) {
      return false;
    }
    for (double b : ab) {
      if (b != c) {
        return false;
      }
    }
    for (double b : bb) {
      if (b != c) {
        return false;
      }
    }
    return true;
  }

  /** The bottleneck distance of the finite points (births all equal, see {@link #applies}). */
  static double distance(double[] ab, double[] ad, double[] bb, double[] bd) {
    double birth = ab.length > 0 ? ab[0] : bb[0];
    double[] x = ad.clone();
    double[] y = bd.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    double[] halfX = new double[x.length];
    double[] halfY = new double[y.length];
    double upper = 0;
    for (int i = 0; i < x.length; i++) {
      halfX[i] = DiagramPoints.diagonalDistance(birth, x[i]);
      upper = Math.max(upper, halfX[i]);
    }
    for (int j = 0; j < y.length; j++) {
      halfY[j] = DiagramPoints.diagonalDistance(birth, y[j]);
      upper = Math.max(upper, halfY[j]);
    }
    if (x.length == 0 || y.length == 0) {
      return upper;
    }
    // Invariant: feasible(hi); lo - 1 infeasible (or lo = 0). Bits of non-negative doubles order
    // like the values.
    long lo = 0;
    long hi = Double.doubleToRawLongBits(upper);
    while (lo < hi) {
      long mid = lo + (hi - lo) / 2;
      if (feasible(Double.longBitsToDouble(mid), x, halfX, y, halfY)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return Double.longBitsToDouble(lo);
  }

  private static boolean feasible(
      double e, double[] x, double[] halfX, double[] y, double[] halfY) {
    return covers(e, x, halfX, y) && covers(e, y, halfY, x);
  }

  /**
   * Whether every mandatory point of {@code from} (half persistence above e) can get its own
   * partner in {@code to} within e: in increasing order, each takes the smallest free partner in
   * reach.
   */
  private static boolean covers(double e, double[] from, double[] half, double[] to) {
    int next = 0;
    for (int i = 0; i < from.length; i++) {
      if (half[i] <= e) {
        continue;
      }
      // Partners below from[i] - e are out of reach of this point and of every later (larger) one.
      while (next < to.length && to[next] < from[i] && Math.abs(from[i] - to[next]) > e) {
        next++;
      }
      if (next == to.length || Math.abs(from[i] - to[next]) > e) {
        return false;
      }
      next++;
    }
    return true;
  }
}
