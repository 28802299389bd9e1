package org.attentiontopology.diagram;

import java.util.Arrays;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * The q-Wasserstein distance between two persistence diagrams of one homology dimension, exactly, with the
 * L-infinity ground metric (the convention of gudhi and hera): W_q = (min over matchings of the sum of cost^q)^(1/q),
 * where a point may also be matched to its projection on the diagonal at cost half its persistence.
 *
 * <p>Essential points match only essential points: +infinity when their counts differ, else sorted births are
 * paired (optimal on a line for every q >= 1) and |b1 - b2|^q is added to the sum.
 *
 * <p>The finite part is an assignment problem solved by shortest augmenting paths with potentials (the Hungarian
 * method in the Jonker-Volgenant form), on a reduced problem: the rows are the points of the smaller diagram X, the
 * columns are the points of the other diagram Y plus one diagonal column of unlimited capacity. Leaving a point y
 * of Y unmatched costs diag(y)^q; we add all those up front and charge cost(x, y)^q - diag(y)^q for using y, and
 * diag(x)^q for sending x to the diagonal. Because the diagonal column never fills, a path that reaches it ends
 * there, and rows sent to the diagonal never need re-routing. Time O(|X|^2 |Y|), memory O(|X| + |Y|): costs are
 * computed on the fly, never stored. Larger problems go to {@link SparseAssignment}, the same method on a sparse
 * candidate graph with a global optimality certificate (also exact, usually much faster).
 */
public final class WassersteinDistance {
  private WassersteinDistance() {}

  /** W_q between two diagrams; +Infinity when their numbers of essential points differ. q must be >= 1. */
  public static double distance(PersistenceDiagram a, PersistenceDiagram b, double q) {
    DiagramPoints.requireSameDimension(a, b);
    if (!(q >= 1) || Double.isInfinite(q)) {
      throw new IllegalArgumentException("Wasserstein order q must be a finite number >= 1, got " + q
          + "; for q = infinity use BottleneckDistance");
    }
    DiagramPoints pa = DiagramPoints.of(a);
    DiagramPoints pb = DiagramPoints.of(b);
    if (pa.essentialBirths.length != pb.essentialBirths.length) {
      return Double.POSITIVE_INFINITY;
    }
    double sum = 0;
    for (int i = 0; i < pa.essentialBirths.length; i++) {
      sum += power(Math.abs(pa.essentialBirths[i] - pb.essentialBirths[i]), q);
    }
    sum += finiteCost(pa.births, pa.deaths, pb.births, pb.deaths, q);
    return root(sum, q);
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
    if (LineBottleneck.applies(ab, bb)) {
      return LineWasserstein.cost(ab, ad, bb, bd, q); // H0 of Rips: every point born at the same value
    }
    return assignmentCost(ab, ad, bb, bd, q);
  }

  /** The assignment solvers (any births); package-private so tests can compare. */
  static double assignmentCost(double[] ab, double[] ad, double[] bb, double[] bd, double q) {
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
    int n = ab.length; // rows
    int m = bb.length; // columns 0..m-1, plus the diagonal column m
    double[] rowDiag = new double[n];
    for (int i = 0; i < n; i++) {
      rowDiag[i] = power(DiagramPoints.diagonalDistance(ab[i], ad[i]), q);
    }
    double[] colDiag = new double[m];
    double base = 0;
    for (int j = 0; j < m; j++) {
      colDiag[j] = power(DiagramPoints.diagonalDistance(bb[j], bd[j]), q);
      base += colDiag[j];
    }
    if (n == 0) {
      return base;
    }
    // u: row potentials; v: column potentials (v[m] for the diagonal); rowOfCol: the row holding each column.
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
            double c = power(DiagramPoints.linf(rb, rd, bb[j], bd[j]), q) - colDiag[j];
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
        // Shift potentials so the chosen column's edge becomes tight; used columns and their rows keep tight edges.
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
    // Sum the actual costs (not base plus differences), so that identical diagrams give exactly 0, never -1e-17.
    double total = 0;
    for (int j = 0; j < m; j++) {
      if (rowOfCol[j] < 0) {
        total += colDiag[j];
      }
    }
    for (int i = 0; i < n; i++) {
      int j = colOfRow[i];
      total += j == m ? rowDiag[i] : power(DiagramPoints.linf(ab[i], ad[i], bb[j], bd[j]), q);
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
