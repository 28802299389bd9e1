package org.attentiontopology.persistence;

/**
 * The combinatorial number system that names simplices without storing them: a k-simplex with
 * vertices v_k > ... > v_0 has index C(v_k, k+1) + ... + C(v_0, 1), a bijection onto 0 .. C(n, k+1)
 * - 1 that orders simplices colexicographically. A table of C(v, k) for v <= n turns encoding and
 * decoding into additions and look-ups.
 */
final class Binomials {
  private final int n;
  private final int maxK;
  private final long[] table; // C(v, k) at k * (n + 1) + v

  /**
   * C(v, k) for 0 <= v <= n and 0 <= k <= maxK; refuses sizes whose indices would not fit a long.
   */
  Binomials(int n, int maxK) {
    this.n = n;
    this.maxK = maxK;
    this.table = new long[(maxK + 1) * (n + 1)];
    for (int v = 0; v <= n; v++) {
      table[v] = 1;
      for (int k = 1; k <= Math.min(v, maxK); k++) {
        long sum = table[(k - 1) * (n + 1) + v - 1] + (k <= v - 1 ? table[k * (n + 1) + v - 1] : 0);
        if (sum < 0 || sum > (1L << 62)) {
          throw new IllegalArgumentException(
              "C("
                  + v
                  + ", "
                  + k
                  + ") overflows: "
                  + n
                  + " points are too many "
                  + "for simplices of dimension "
                  + (maxK - 1)
                  + "; lower maxDimension or the number of points");
        }
        table[k * (n + 1) + v] = sum;
      }
    }
  }

  /** C(v, k), zero when k > v. */
  long get(int v, int k) {
    return table[k * (n + 1) + v];
  }

  int points() {
    return n;
  }

  int maxK() {
    return maxK;
  }

  /** Index of the simplex with the given vertices, listed in decreasing order. */
  long index(int[] vertices, int count) {
    long idx = 0;
    for (int i = 0; i < count; i++) {
      idx += get(vertices[i], count - i);
    }
    return idx;
  }

  /**
   * The vertices of the simplex with {@code count} vertices and index {@code idx}, in decreasing
   * order: greedily the largest v with C(v, k) <= what is left of the index, found by binary search
   * below the previous vertex.
   */
  void vertices(long idx, int count, int[] out) {
    int top = n - 1;
    for (int k = count; k >= 1; k--) {
      if (k <= 2) {
        // C(v, 1) = v, and C(v, 2) = v (v - 1) / 2 inverts by a square root: edges, the most
        // decoded simplices, need no search.
        int v = k == 1 ? (int) idx : (int) ((1 + Math.sqrt(1 + 8.0 * idx)) / 2);
        while (v > top || get(v, k) > idx) {
          v--;
        }
        while (v < top && get(v + 1, k) <= idx) {
          v++;
        }
        out[count - k] = v;
        idx -= get(v, k);
        top = v - 1;
        continue;
      }
      int lo = k - 1; // C(k - 1, k) = 0 <= idx always
      int hi = top;
      while (lo < hi) {
        int mid = (lo + hi + 1) >>> 1;
        if (get(mid, k) <= idx) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      out[count - k] = lo;
      idx -= get(lo, k);
      top = lo - 1;
    }
  }
}
