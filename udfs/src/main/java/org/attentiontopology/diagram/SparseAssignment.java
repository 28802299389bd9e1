package org.attentiontopology.diagram;

import java.util.Arrays;

/**
 * The finite part of W_q^q for larger diagrams, exactly, by shortest augmenting paths on a sparse
 * candidate graph with a global optimality check. Same reduced problem as {@link
 * WassersteinDistance}: rows are the points of X, columns the points of Y plus one diagonal column
 * of unlimited capacity; row i pays c(i,j)^q - diag(j)^q for column j and diag(i)^q for the
 * diagonal, and sum over j of diag(j)^q is added once.
 *
 * <p>Optimal matchings in diagrams are local, so each row starts with only its k cheapest columns
 * (and the diagonal). Dual potentials u (rows) and v (columns) are kept feasible (u_i + v_j <=
 * cost(i,j)) on the candidate edges and tight on matched ones; each row is inserted by Dijkstra
 * over reduced costs with a binary heap, then the potentials of the scanned columns move as in
 * Jonker-Volgenant. When every row is placed we check every pair (O(|X| |Y|)): if some edge has a
 * negative reduced cost, all such edges are added to the candidates and the round is solved again
 * from scratch. When no pair violates, the duals (feasible everywhere, tight on matched edges, zero
 * on unmatched columns) certify optimality over the complete problem, so the answer is exact; only
 * the work depends on the sparsification.
 */
final class SparseAssignment {
  /** Candidate columns per row at the start. */
  static final int INITIAL_DEGREE = 12;

  /** Most violating columns added to a row per round. */
  static final int ADDED_PER_ROUND = 12;

  private final double[] ab;
  private final double[] ad;
  private final double[] bb;
  private final double[] bd;
  private final CostPower q;
  private final int n;
  private final int m;
  private final double[] rowDiag;
  private final double[] colDiag;
  private int[][] cols;
  private int[] degree;
  private final double[] u;
  private final double[] v; // v[m] is the diagonal column's potential, which stays 0
  private final int[] colOfRow;
  private final int[] rowOfCol;

  SparseAssignment(double[] ab, double[] ad, double[] bb, double[] bd, double q) {
    this(ab, ad, bb, bd, CostPower.plain(q));
  }

  SparseAssignment(double[] ab, double[] ad, double[] bb, double[] bd, CostPower q) {
    this.ab = ab;
    this.ad = ad;
    this.bb = bb;
    this.bd = bd;
    this.q = q;
    this.n = ab.length;
    this.m = bb.length;
    rowDiag = new double[n];
    for (int i = 0; i < n; i++) {
      rowDiag[i] = q.of(DiagramPoints.diagonalDistance(ab[i], ad[i]));
    }
    colDiag = new double[m];
    for (int j = 0; j < m; j++) {
      colDiag[j] = q.of(DiagramPoints.diagonalDistance(bb[j], bd[j]));
    }
    u = new double[n];
    v = new double[m + 1];
    colOfRow = new int[n];
    rowOfCol = new int[m + 1];
    Arrays.fill(colOfRow, -1);
    Arrays.fill(rowOfCol, -1);
  }

  private double cost(int i, int j) {
    return j == m ? rowDiag[i] : q.of(DiagramPoints.linf(ab[i], ad[i], bb[j], bd[j])) - colDiag[j];
  }

  double solve() {
    chooseCandidates();
    Dijkstra search = new Dijkstra();
    while (true) {
      // An exact assignment on the candidate graph, from scratch: v = 0, u_i = the cheapest
      // candidate of row i
      // (feasible on candidates), then one shortest augmenting path per row. Within a round a
      // matched column stays
      // matched, so columns with v_j < 0 are all matched, as complementary slackness requires.
      Arrays.fill(v, 0);
      Arrays.fill(colOfRow, -1);
      Arrays.fill(rowOfCol, -1);
      for (int i = 0; i < n; i++) {
        double best = rowDiag[i];
        for (int k = 0; k < degree[i]; k++) {
          best = Math.min(best, cost(i, cols[i][k]));
        }
        u[i] = best;
      }
      for (int i = 0; i < n; i++) {
        search.insert(i);
      }
      // Certify: every pair must have a non-negative reduced cost; otherwise add the offending
      // edges and redo.
      boolean violated = false;
      for (int i = 0; i < n; i++) {
        double ui = u[i];
        double tolerance = -1e-12 * Math.max(1, Math.abs(ui));
        for (int j = 0; j < m; j++) {
          if (cost(i, j) - ui - v[j] < tolerance) {
            addCandidates(i, ui, tolerance);
            violated = true;
            break;
          }
        }
      }
      if (!violated) {
        break;
      }
    }
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

  /** Each row's INITIAL_DEGREE cheapest columns, by a bounded selection over all columns. */
  private void chooseCandidates() {
    int k = Math.min(INITIAL_DEGREE, m);
    cols = new int[n][];
    degree = new int[n];
    double[] bestCost = new double[k];
    int[] bestCol = new int[k];
    for (int i = 0; i < n; i++) {
      int size = 0;
      for (int j = 0; j < m; j++) {
        double c = cost(i, j);
        if (size < k) {
          int p = size++;
          while (p > 0 && bestCost[p - 1] > c) {
            bestCost[p] = bestCost[p - 1];
            bestCol[p] = bestCol[p - 1];
            p--;
          }
          bestCost[p] = c;
          bestCol[p] = j;
        } else if (c < bestCost[k - 1]) {
          int p = k - 1;
          while (p > 0 && bestCost[p - 1] > c) {
            bestCost[p] = bestCost[p - 1];
            bestCol[p] = bestCol[p - 1];
            p--;
          }
          bestCost[p] = c;
          bestCol[p] = j;
        }
      }
      cols[i] = Arrays.copyOf(bestCol, Math.max(size, 4));
      degree[i] = size;
    }
  }

  /**
   * Adds to row i the (at most ADDED_PER_ROUND) columns of most negative reduced cost under
   * potential ui, below tolerance and not already candidates. Adding only the worst keeps the graph
   * sparse; later rounds add more if needed.
   */
  private void addCandidates(int i, double ui, double tolerance) {
    boolean[] present = new boolean[m];
    for (int k = 0; k < degree[i]; k++) {
      present[cols[i][k]] = true;
    }
    int cap = ADDED_PER_ROUND;
    double[] worst = new double[cap];
    int[] worstCol = new int[cap];
    int size = 0;
    for (int j = 0; j < m; j++) {
      double r = cost(i, j) - ui - v[j];
      if (!present[j] && r < tolerance && (size < cap || r < worst[cap - 1])) {
        int p = size < cap ? size++ : cap - 1;
        while (p > 0 && worst[p - 1] > r) {
          worst[p] = worst[p - 1];
          worstCol[p] = worstCol[p - 1];
          p--;
        }
        worst[p] = r;
        worstCol[p] = j;
      }
    }
    for (int k = 0; k < size; k++) {
      if (degree[i] == cols[i].length) {
        cols[i] = Arrays.copyOf(cols[i], 2 * degree[i]);
      }
      cols[i][degree[i]++] = worstCol[k];
    }
  }

  /**
   * Dijkstra over reduced costs from one free row, with a binary heap of columns (the diagonal is
   * column m).
   */
  private final class Dijkstra {
    private final double[] dist = new double[m + 1];
    private final int[] prevRow = new int[m + 1];
    private final boolean[] done = new boolean[m + 1];
    private final int[] touched = new int[m + 1];
    private final int[] finished = new int[m + 1];
    private int[] heapCol = new int[16];
    private double[] heapKey = new double[16];
    private int heapSize;

    Dijkstra() {
      Arrays.fill(dist, Double.POSITIVE_INFINITY);
    }

    void insert(int root) {
      int touchedCount = 0;
      int finishedCount = 0;
      heapSize = 0;
      int row = root;
      double base = 0;
      int end;
      while (true) {
        // Relax the candidate edges of row (reached at distance base) and its diagonal edge.
        double ur = u[row];
        int[] c = cols[row];
        for (int k = 0, deg = degree[row]; k <= deg; k++) {
          int j = k < deg ? c[k] : m;
          if (done[j]) {
            continue;
          }
          double d = base + Math.max(0, cost(row, j) - ur - v[j]);
          if (d < dist[j]) {
            if (dist[j] == Double.POSITIVE_INFINITY) {
              touched[touchedCount++] = j;
            }
            dist[j] = d;
            prevRow[j] = row;
            push(j, d);
          }
        }
        int j;
        do {
          j = pop();
        } while (done[j]);
        done[j] = true;
        finished[finishedCount++] = j;
        if (j == m || rowOfCol[j] < 0) {
          end = j;
          break;
        }
        row = rowOfCol[j];
        base = dist[j];
      }
      double mu = dist[end];
      // Potentials: scanned columns fall by mu - dist; their rows (and the root) rise to stay
      // tight.
      u[root] += mu;
      for (int f = 0; f < finishedCount; f++) {
        int j = finished[f];
        if (j != end) {
          double shift = mu - dist[j];
          v[j] -= shift;
          u[rowOfCol[j]] += shift;
        }
      }
      // Augment along prevRow.
      int j = end;
      while (true) {
        int r = prevRow[j];
        int old = colOfRow[r];
        colOfRow[r] = j;
        if (j < m) {
          rowOfCol[j] = r;
        }
        if (r == root) {
          break;
        }
        j = old;
      }
      for (int t = 0; t < touchedCount; t++) {
        dist[touched[t]] = Double.POSITIVE_INFINITY;
        done[touched[t]] = false;
      }
    }

    private void push(int col, double key) {
      if (heapSize == heapCol.length) {
        heapCol = Arrays.copyOf(heapCol, 2 * heapSize);
        heapKey = Arrays.copyOf(heapKey, 2 * heapSize);
      }
      int p = heapSize++;
      while (p > 0) {
        int parent = (p - 1) >>> 1;
        if (heapKey[parent] <= key) {
          break;
        }
        heapCol[p] = heapCol[parent];
        heapKey[p] = heapKey[parent];
        p = parent;
      }
      heapCol[p] = col;
      heapKey[p] = key;
    }

    private int pop() {
      int top = heapCol[0];
      int lastCol = heapCol[--heapSize];
      double lastKey = heapKey[heapSize];
      int p = 0;
      while (true) {
        int child = 2 * p + 1;
        if (child >= heapSize) {
          break;
        }
        if (child + 1 < heapSize && heapKey[child + 1] < heapKey[child]) {
          child++;
        }
        if (heapKey[child] >= lastKey) {
          break;
        }
        heapCol[p] = heapCol[child];
        heapKey[p] = heapKey[child];
        p = child;
      }
      heapCol[p] = lastCol;
      heapKey[p] = lastKey;
      return top;
    }
  }
}
