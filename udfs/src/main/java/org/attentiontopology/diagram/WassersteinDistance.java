package org.attentiontopology.diagram;

import java.util.Arrays;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * The q-Wasserstein distance between two persistence diagrams of one homology dimension, exactly,
 * with the L-infinity ground metric (the convention of gudhi and hera): W_q = (min over matchings
 * of the sum of cost^q)^(1/q), where a point may also be matched to its projection on the diagonal
 * at cost half its persistence.
 *
 * <p>Essential points match only essential points: +infinity when their counts differ, else sorted
 * births are paired (optimal on a line for every q >= 1) and |b1 - b2|^q is added to the sum.
 *
 * <p>The finite part is an assignment problem solved by shortest augmenting paths with potentials
 * (the Hungarian method in the Jonker-Volgenant form), on a reduced problem: the rows are the
 * points of the smaller diagram X, the columns are the points of the other diagram Y plus one
 * diagonal column of unlimited capacity. Leaving a point y of Y unmatched costs diag(y)^q; we add
 * all those up front and charge cost(x, y)^q - diag(y)^q for using y, and diag(x)^q for sending x
 * to the diagonal. Because the diagonal column never fills, a path that reaches it ends there, and
 * rows sent to the diagonal never need re-routing. Time O(|X|^2 |Y|), memory O(|X| + |Y|): costs
 * are computed on the fly, never stored. Larger problems go to {@link SparseAssignment}, the same
 * method on a sparse candidate graph with a global optimality certificate (also exact, usually much
 * faster).
 *
 * <p>Costs are raised to the power q in plain doubles when that can neither overflow nor lose the
 * optimal terms to underflow; otherwise (coordinates near 1e150 with q = 2, small distances with q
 * = 200), and always for the sparse solver, whose optimality check has an absolute tolerance, the
 * solvers run in units of the bottleneck distance with capped costs ({@link CostPower}), and W_q is
 * scaled back.
 */
public final class WassersteinDistance {
  private WassersteinDistance() {}

  /**
   * W_q between two diagrams; +Infinity when their numbers of essential points differ. q must be >=
   * 1.
   */
  public static double distance(PersistenceDiagram a, PersistenceDiagram b, double q) {
    DiagramPoints.requireSameDimension(a, b);
    if (!(q >= 1) || Double.isInfinite(q)) {
      throw new IllegalArgumentException(
          "Wasserstein order q must be a finite number >= 1, got "
              + q
              + "; for q = infinity use BottleneckDistance");
    }
    DiagramPoints pa = DiagramPoints.of(a);
    DiagramPoints pb = DiagramPoints.of(b);
    if (pa.essentialBirths.length != pb.essentialBirths.length) {
      return Double.POSITIVE_INFINITY;
    }
    int points = pa.essentialBirths.length + pa.finiteCount() + pb.finiteCount();
    // The sparse solver certifies with an absolute tolerance, made for sums near 1: it always works
    // in units.
    boolean sparse =
        (long) pa.finiteCount() * pb.finiteCount() >= SPARSE_FROM
            && !LineBottleneck.applies(pa.births, pb.births);
    if (!sparse && Math.pow(span(pa, pb), q) * (points + 1) < PLAIN_LIMIT) {
      double sum = costSum(pa, pb, CostPower.plain(q));
      if (sum >= PLAIN_SMALLEST) {
        return root(sum, q);
      }
    }
    // Plain doubles would overflow, or the optimal terms underflow: measure in units of the
    // bottleneck distance,
    // where the optimal sum lies in [1, points] and a cost above points + 1 is never optimal (see
    // CostPower).
    double unit = BottleneckDistance.distance(a, b);
    if (unit == 0) {
      return 0;
    }
    return root(costSum(pa, pb, new CostPower(q, unit, 2.0 * (points + 1))), q) * unit;
  }

  /**
   * Above this, (largest possible cost)^q times the number of points is too close to overflow for
   * plain doubles.
   */
  static final double PLAIN_LIMIT = 1e300;

  /** Below this a plain sum may have lost its terms to underflow. */
  static final double PLAIN_SMALLEST = 1e-280;

  private static double costSum(DiagramPoints pa, DiagramPoints pb, CostPower cost) {
    double sum = 0;
    for (int i = 0; i < pa.essentialBirths.length; i++) {
      sum += cost.of(Math.abs(pa.essentialBirths[i] - pb.essentialBirths[i]));
    }
    return sum + finiteCost(pa.births, pa.deaths, pb.births, pb.deaths, cost);
  }

  /**
   * max - min over every coordinate of both diagrams: no distance between points, or to the
   * diagonal, exceeds it.
   */
  private static double span(DiagramPoints pa, DiagramPoints pb) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double[] xs :
        new double[][] {
          pa.births, pa.deaths, pa.essentialBirths, pb.births, pb.deaths, pb.essentialBirths
        }) {
      for (double x : xs) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    return hi > lo ? hi - lo : 0;
  }

  /** W_1. */
  public static double w1(PersistenceDiagram a, PersistenceDiagram b) {
    return distance(a, b, 1);
  }

  /** W_2. */
  public static double w2(PersistenceDiagram a, PersistenceDiagram b) {
    return distance(a, b, 2);
  }

  /** Above this many rows x columns the sparse solver with a global certificate is used. */
  static final long SPARSE_FROM = 200L * 200L;

  /** min over matchings of the sum of cost^q for finite points (the q-th power of W_q). */
  static double finiteCost(double[] ab, double[] ad, double[] bb, double[] bd, double q) {
    return finiteCost(ab, ad, bb, bd, CostPower.plain(q));
  }

  static double finiteCost(double[] ab, double[] ad, double[] bb, double[] bd, CostPower q) {
    if (LineBottleneck.applies(ab, bb)) {
      return LineWasserstein.cost(
          ab, ad, bb, bd, q); // H0 of Rips: every point born at the same value
    }
    return assignmentCost(ab, ad, bb, bd, q);
  }

  /** The assignment solvers (any births); package-private so tests can compare. */
  static double assignmentCost(double[] ab, double[] ad, double[] bb, double[] bd, double q) {
    return assignmentCost(ab, ad, bb, bd, CostPower.plain(q));
  }

  static double assignmentCost(double[] ab, double[] ad, double[] bb, double[] bd, CostPower q) {
    if (ab.length > bb.length) {
      return assignmentCost(bb, bd, ab, ad, q);
    }
    if ((long) ab.length * bb.length >= SPARSE_FROM) {
      return new SparseAssignment(ab, ad, bb, bd, q).solve();
    }
    return denseCost(ab, ad, bb, bd, q);
  }

  /** The dense O(|X|^2 |Y|) solver; X (the rows) must be the smaller side. */
  static double denseCost(double[] ab, double[] ad, double[] bb, double[] bd, double q) {
    return denseCost(ab, ad, bb, bd, CostPower.plain(q));
  }

  static double denseCost(double[] ab, double[] ad, double[] bb, double[] bd, CostPower q) {
    int n = ab.length; // rows
    int m = bb.length; // columns 0..m-1, plus the diagonal column m
    double[] rowDiag = new double[n];
    for (int i = 0; i < n; i++) {
      rowDiag[i] = q.of(DiagramPoints.diagonalDistance(ab[i], ad[i]));
    }
    double[] colDiag = new double[m];
    double base = 0;
    for (int j = 0; j < m; j++) {
      colDiag[j] = q.of(DiagramPoints.diagonalDistance(bb[j], bd[j]));
      base += colDiag[j];
    }
    if (n == 0) {
      return base;
    }
    // u: row potentials; v: column potentials (v[m] for the diagonal); rowOfCol: the row holding
    // each column.
    double[] u = new double[n];
    double[] v = new double[m + 1];
    int[] rowOfCol = new int[m + 1];
    Arrays.fill(rowOfCol, -1);
    int[] colOfRow = new int[n];
    double[] minSlack = new double[m + 1];
    int[] prevCol = new int[m + 1]; // previous column on the shortest path, -1 for the root row
    boolean[] used = new boolean[m + 1];
    int[] usedList = new int[m + 1];
    for (int root = 0; root < n; root++) {
      Arrays.fill(minSlack, Double.POSITIVE_INFINITY);
      Arrays.fill(used, false);
      int usedCount = 0;
      int row = root;
      int col = -1; // the column whose row we are expanding; -1 for the root
      int end;
      while (true) {
        if (col >= 0) {
          used[col] = true;
          usedList[usedCount++] = col;
        }
        double delta = Double.POSITIVE_INFINITY;
        int next = -1;
        double ur = u[row];
        double rb = ab[row];
        double rd = ad[row];
        for (int j = 0; j < m; j++) {
          if (!used[j]) {
            double c = q.of(DiagramPoints.linf(rb, rd, bb[j], bd[j])) - colDiag[j];
            double slack = c - ur - v[j];
            if (slack < minSlack[j]) {
              minSlack[j] = slack;
              prevCol[j] = col;
            }
            if (minSlack[j] < delta) {
              delta = minSlack[j];
              next = j;
            }
          }
        }
        double slackDiag = rowDiag[row] - ur - v[m];
        if (slackDiag < minSlack[m]) {
          minSlack[m] = slackDiag;
          prevCol[m] = col;
        }
        if (minSlack[m] < delta) {
          delta = minSlack[m];
          next = m;
        }
        // Shift potentials so the chosen column's edge becomes tight; used columns and their rows
        // keep tight edges.
        u[root] += delta;
        for (int k = 0; k < usedCount; k++) {
          int j = usedList[k];
          u[rowOfCol[j]] += delta;
          v[j] -= delta;
        }
        for (int j = 0; j <= m; j++) {
          if (!used[j]) {
            minSlack[j] -= delta;
          }
        }
        if (next == m || rowOfCol[next] < 0) {
          end = next;
          break;
        }
        col = next;
        row = rowOfCol[next];
      }
      // Augment back along the path: each column takes the row of the column before it.
      int j = end;
      while (true) {
        int pj = prevCol[j];
        int r = pj < 0 ? root : rowOfCol[pj];
        if (j < m) {
          rowOfCol[j] = r;
        }
        colOfRow[r] = j;
        if (pj < 0) {
          break;
        }
        j = pj;
      }
    }
    // Sum the actual costs (not base plus differences), so that identical diagrams give exactly 0,
    // never -1e-17.
    double total = 0;
    for (int j = 0; j < m; j++) {
      if (rowOfCol[j] < 0) {
        total += colDiag[j];
      }
    }
    for (int i = 0; i < n; i++) {
      int j = colOfRow[i];
      total += j == m ? rowDiag[i] : q.of(DiagramPoints.linf(ab[i], ad[i], bb[j], bd[j]));
    }
    return total;
  }

  static double power(double x, double q) {
    if (q == 1) {
      return x;
    }
    if (q == 2) {
      return x * x;
    }
    return Math.pow(x, q);
  }

  static double root(double x, double q) {
    if (q == 1) {
      return x;
    }
    if (q == 2) {
      return Math.sqrt(x);
    }
    return Math.pow(x, 1 / q);
  }
}
