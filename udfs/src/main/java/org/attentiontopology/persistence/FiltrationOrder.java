package org.attentiontopology.persistence;

/**
 * The edges of a distance matrix within a threshold in Ripser's filtration order, ascending length
 * and, among equal lengths, decreasing index, by one stable radix sort of the lengths' bits (a
 * non-negative double orders as its bits do as a long). The edges enter in decreasing index, so
 * stability alone leaves ties in the right order. Only the 11-bit digits in which some lengths
 * differ are passed over: for a head of 121 tokens about 6 passes over 7,000 edges, a fraction of a
 * comparison sort followed by a binary search for each edge's rank.
 */
final class FiltrationOrder {
  private static final int DIGIT = 11;

  private FiltrationOrder() {}

  /**
   * The edges i > j with {@code tri[i (i - 1) / 2 + j] <= threshold}, each as {@code i << 16 | j},
   * in filtration order.
   */
  static int[] sorted(int n, double[] tri, double threshold) {
    int count = 0;
    for (double x : tri) {
      if (x <= threshold) {
        count++;
      }
    }
    long[] bits = new long[count];
    int[] edges = new int[count];
    long differ = 0;
    int at = 0;
    for (int i = n - 1; i >= 1; i--) {
      int row = i * (i - 1) / 2;
      for (int j = i - 1; j >= 0; j--) {
        double x = tri[row + j];
        if (x <= threshold) {
          bits[at] = Double.doubleToRawLongBits(x + 0.0); // -0.0 as 0.0
          edges[at] = i << 16 | j;
          differ |= bits[at] ^ bits[0];
          at++;
        }
      }
    }
    long[] bitsTo = new long[count];
    int[] edgesTo = new int[count];
    int[] offsets = new int[1 << DIGIT];
    int mask = (1 << DIGIT) - 1;
    for (int shift = 0; shift < 64 && (differ >>> shift) != 0; shift += DIGIT) {
      if (((differ >>> shift) & mask) == 0) {
        continue;
      }
      java.util.Arrays.fill(offsets, 0);
      for (int e = 0; e < count; e++) {
        offsets[(int) (bits[e] >>> shift) & mask]++;
      }
      for (int d = 0, sum = 0; d <= mask; d++) {
        int c = offsets[d];
        offsets[d] = sum;
        sum += c;
      }
      for (int e = 0; e < count; e++) {
        int to = offsets[(int) (bits[e] >>> shift) & mask]++;
        bitsTo[to] = bits[e];
        edgesTo[to] = edges[e];
      }
      long[] b = bits;
      bits = bitsTo;
      bitsTo = b;
      int[] x = edges;
      edges = edgesTo;
      edgesTo = x;
    }
    return edges;
  }
}
