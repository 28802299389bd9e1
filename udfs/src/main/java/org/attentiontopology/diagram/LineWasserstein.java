package org.attentiontopology.diagram;

import java.util.Arrays;

/**
 * The q-th power of W_q between two sets of finite points that all share one birth (H0 diagrams of
 * Rips filtrations), by dynamic programming over the sorted deaths in O(n m) time and O(m) memory,
 * where the assignment solvers of {@link WassersteinDistance} take O(n^2 m).
 *
 * <p>Why a sweep suffices: on one line a pair costs |x - y|^q, a convex function of the difference,
 * so two crossing pairs (x1 < x2 matched to y2 > y1) never cost less than the same points matched
 * in order (the Monge property); some optimal matching is therefore order-preserving, with the
 * unmatched points sent to the diagonal (cost ((d - c) / 2)^q). best[i][j], the least cost of the
 * first i deaths of one side and the first j of the other, ends with x_i on the diagonal, y_j on
 * the diagonal, or x_i paired with y_j.
 *
 * <p>The sum is taken in another order than the assignment solvers', so the two agree to rounding,
 * not to the bit; each is deterministic.
 */
final class LineWasserstein {
  private LineWasserstein() {}

  static double cost(double[] ab, double[] ad, double[] bb, double[] bd, double q) {
    return cost(ab, ad, bb, bd, CostPower.plain(q));
  }

  static double cost(double[] ab, double[] ad, double[] bb, double[] bd, CostPower q) {
    double birth = ab.length > 0 ? ab[0] : bb[0];
    double[] x = ad.clone();
    double[] y = bd.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int m = y.length;
    double[] yAlone = new double[m];
    for (int j = 0; j < m; j++) {
      yAlone[j] = q.of(DiagramPoints.diagonalDistance(birth, y[j]));
    }
    double[] best = new double[m + 1]; // row i - 1, then row i, of best[i][j]
    for (int j = 1; j <= m; j++) {
      best[j] = best[j - 1] + yAlone[j - 1];
    }
    for (double xi : x) {
      double xAlone = q.of(DiagramPoints.diagonalDistance(birth, xi));
      double diagonalBefore = best[0]; // best[i - 1][j - 1] as j advances
      best[0] += xAlone;
      for (int j = 1; j <= m; j++) {
        double above = best[j]; // best[i - 1][j]
        double paired = diagonalBefore + q.of(Math.abs(xi - y[j - 1]));
        double value = Math.min(paired, Math.min(above + xAlone, best[j - 1] + yAlone[j - 1]));
        diagonalBefore = above;
        best[j] = value;
      }
    }
    return best[m];
  }
}
