package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * The edges of a distance matrix within a threshold in Ripser's filtration order, ascending length
 * and, among equal lengths, decreasing index. A non-negative double orders as its bits do as a
 * long, so a stable radix sort of the high 32 bits (sign, exponent and 20 bits of mantissa) orders
 * the edges up to a relative 2^-20, and the few runs that share those bits are then ordered by the
 * low 32, stably. The edges enter in decreasing index, so stability alone leaves ties in the right
 * order. Only the 11-bit digits in which some lengths differ are passed over: for a head of 121
 * tokens three passes over 7,000 edges instead of six over the whole 64 bits.
 */
final class FiltrationOrder {
  private static final int DIGIT = 11;

  /** Runs up to this long are ordered by insertion; longer ones by a sort of packed keys. */
  private static final int INSERTION_RUN = 16;

  private FiltrationOrder() {}

  /**
   * The edges in filtration order, each as {@code i << 16 | j}, and their lengths' bits in the same
   * order (of {@code length + 0.0}, so -0.0 reads as 0.0): the caller ranks the lengths from these
   * in one sequential pass rather than looking each edge up in the triangle again.
   */
  record Sorted(int[] edges, long[] lengthBits) {}

  /** The edges i > j with {@code tri[i (i - 1) / 2 + j] <= threshold}, in filtration order. */
  static Sorted sorted(int n, double[] tri, double threshold) {
    // No counting pass: the arrays take every pair and the edges beyond the threshold are written
    // over, so that the loop has no branch on where the threshold falls.
    int pairs = (int) DistanceMatrix.triangleLength(n);
    long[] bits = new long[pairs];
    int[] edges = new int[pairs];
    long anyBit = 0; // the bits set in some length within the threshold
    long everyBit = -1L; // and those set in all of them
    int at = 0;
    for (int i = n - 1; i >= 1; i--) {
      int row = i * (i - 1) / 2;
      for (int j = i - 1; j >= 0; j--) {
        double x = tri[row + j];
        long b = Double.doubleToRawLongBits(x + 0.0); // -0.0 as 0.0
        bits[at] = b;
        edges[at] = i << 16 | j;
        int within = x <= threshold ? 1 : 0;
        long kept = -within; // all ones for an edge within the threshold, else zero
        anyBit |= b & kept;
        everyBit &= b | ~kept;
        at += within;
      }
    }
    int count = at;
    long differ = at == 0 ? 0 : anyBit ^ everyBit;
    long[] bitsTo = new long[count];
    int[] edgesTo = new int[count];
    int[] offsets = new int[1 << DIGIT];
    int mask = (1 << DIGIT) - 1;
    for (int shift = 32; shift < 64 && (differ >>> shift) != 0; shift += DIGIT) {
      if (((differ >>> shift) & mask) == 0) {
        continue;
      }
      Arrays.fill(offsets, 0);
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
    if ((int) differ != 0) {
      for (int a = 0; a < count; ) {
        int b = a + 1;
        while (b < count && (bits[b] >>> 32) == (bits[a] >>> 32)) {
          b++;
        }
        if (b - a > 1) {
          orderRunByLowBits(bits, edges, a, b, bitsTo, edgesTo);
        }
        a = b;
      }
    }
    if (edges.length != count) { // an even number of passes leaves the arrays of every pair
      edges = Arrays.copyOf(edges, count);
      bits = Arrays.copyOf(bits, count);
    }
    return new Sorted(edges, bits);
  }

  /**
   * Orders bits[from .. to), which share their high halves, by their low halves (unsigned), stably,
   * moving the edges along; {@code bitsTo} and {@code edgesTo} are scratch of the same length.
   */
  private static void orderRunByLowBits(
      long[] bits, int[] edges, int from, int to, long[] bitsTo, int[] edgesTo) {
    if (to - from <= INSERTION_RUN) {
      for (int k = from + 1; k < to; k++) {
        long key = bits[k];
        int edge = edges[k];
        int j = k - 1;
        // the high halves are equal, so the longs compare as the low halves do
        while (j >= from && bits[j] > key) {
          bits[j + 1] = bits[j];
          edges[j + 1] = edges[j];
          j--;
        }
        bits[j + 1] = key;
        edges[j + 1] = edge;
      }
      return;
    }
    // The low half above (its top bit flipped, so that signed order is unsigned order), the
    // position in the run below: distinct keys whose order is stable.
    long[] keyed = new long[to - from];
    for (int k = from; k < to; k++) {
      keyed[k - from] = (bits[k] << 32 ^ Long.MIN_VALUE) | (k - from);
    }
    Arrays.sort(keyed);
    for (int k = 0; k < keyed.length; k++) {
      int source = from + (int) keyed[k];
      bitsTo[k] = bits[source];
      edgesTo[k] = edges[source];
    }
    System.arraycopy(bitsTo, 0, bits, from, keyed.length);
    System.arraycopy(edgesTo, 0, edges, from, keyed.length);
  }
}
