package org.attentiontopology.tokens;

import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link TopAttended}'s selection, for k up to {@link #MAX_K}: the lanes are
 * rows, and each lane keeps its row's best entries in sorted registers as the columns go by, with
 * no branch at all.
 *
 * <p>Each entry becomes one key, {@code (bits of w) << 32 | ~position} for a positive weight w and
 * 0 otherwise (zero, -0, negative, NaN). Positive floats order as their bits, and for equal weights
 * the complemented position puts the lower position first; so the order of the keys is exactly
 * {@link TopAttended}'s order, and a key is positive exactly when its entry is a candidate. With
 * keys, keeping a sorted list is a chain of maxima and minima: each register takes the larger of
 * itself and the incoming key, and the smaller goes on to the next register (an insertion network).
 * After the last column the registers hold each row's eight best keys, best first, from which
 * position and weight are read back exactly.
 *
 * <p>Why: per row, a selection must decide about every entry; the scalar buffer decides with a
 * data-dependent branch, about twenty of which go the unexpected way in a row of 135 at k = 5. Here
 * a row of 135 costs 135 key stores and, per group of rows, 15 vector operations a column, with no
 * branch that depends on the weights. The keys are written column by column (a transpose) so that
 * each column of a group of rows is one vector load. Loaded only in a JVM with the module
 * jdk.incubator.vector.
 */
final class VectorTopAttended {
  private static final VectorSpecies<Long> SPECIES = LongVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();

  /** The registers kept per row: the largest k served. */
  static final int MAX_K = 8;

  /**
   * Whether this machine's vectors make the network pay: 512-bit ones (AVX-512), which have a
   * 64-bit lane maximum and minimum. With 256-bit AVX2 vectors JDK 17 does not compile the 64-bit
   * maximum (nor the compare and blend that would replace it) into vector instructions, and the
   * network ran about twice as slow as the scalar buffer (measured with -XX:UseAVX=2 on the bench
   * machine).
   */
  static boolean pays() {
    return LANES >= 8;
  }

  private VectorTopAttended() {}

  /**
   * The top {@code k} (at most {@link #MAX_K}) positive entries of every row of {@code a} (T x T,
   * checked by the caller) into {@code positions[i]} and {@code weights[i]}, best first, each sized
   * exactly.
   */
  static void select(float[][] a, int k, int[][] positions, float[][] weights) {
    int t = a.length;
    long[] keys = new long[t * LANES];
    long[] best = new long[MAX_K * LANES];
    for (int first = 0; first < t; first += LANES) {
      int rows = Math.min(LANES, t - first);
      for (int lane = 0; lane < LANES; lane++) {
        if (lane < rows) {
          transposeKeys(a[first + lane], keys, lane);
        } else {
          for (int c = 0; c < t; c++) {
            keys[c * LANES + lane] = 0L;
          }
        }
      }
      insertionNetwork(keys, t, best);
      for (int lane = 0; lane < rows; lane++) {
        int size = 0;
        while (size < k && best[size * LANES + lane] != 0L) {
          size++;
        }
        int[] p = new int[size];
        float[] w = new float[size];
        for (int r = 0; r < size; r++) {
          long key = best[r * LANES + lane];
          p[r] = ~(int) key;
          w[r] = Float.intBitsToFloat((int) (key >>> 32));
        }
        positions[first + lane] = p;
        weights[first + lane] = w;
      }
    }
  }

  /** Row's keys into column-major {@code keys}: entry c of the row at {@code c * LANES + lane}. */
  private static void transposeKeys(float[] row, long[] keys, int lane) {
    for (int c = 0; c < row.length; c++) {
      float w = row[c];
      long key = (long) Float.floatToRawIntBits(w) << 32 | (~c & 0xFFFFFFFFL);
      keys[c * LANES + lane] = w > 0f ? key : 0L;
    }
  }

  /**
   * Each lane's eight largest keys over {@code columns} columns, largest first, into {@code best}
   * (register r at {@code r * LANES}). The registers start from {@code LongVector.zero} rather than
   * a static constant vector: JDK 17 boxes a loop-carried vector whose first value is a constant
   * object, which made this loop five times slower. The eight registers are written out rather than
   * kept in an array for the same reason: vectors in an array are objects in memory, not registers.
   */
  private static void insertionNetwork(long[] keys, int columns, long[] best) {
    LongVector r0 = LongVector.zero(SPECIES);
    LongVector r1 = LongVector.zero(SPECIES);
    LongVector r2 = LongVector.zero(SPECIES);
    LongVector r3 = LongVector.zero(SPECIES);
    LongVector r4 = LongVector.zero(SPECIES);
    LongVector r5 = LongVector.zero(SPECIES);
    LongVector r6 = LongVector.zero(SPECIES);
    LongVector r7 = LongVector.zero(SPECIES);
    for (int c = 0; c < columns; c++) {
      LongVector x = LongVector.fromArray(SPECIES, keys, c * LANES);
      LongVector larger = r0.max(x);
      x = r0.min(x);
      r0 = larger;
      larger = r1.max(x);
      x = r1.min(x);
      r1 = larger;
      larger = r2.max(x);
      x = r2.min(x);
      r2 = larger;
      larger = r3.max(x);
      x = r3.min(x);
      r3 = larger;
      larger = r4.max(x);
      x = r4.min(x);
      r4 = larger;
      larger = r5.max(x);
      x = r5.min(x);
      r5 = larger;
      larger = r6.max(x);
      x = r6.min(x);
      r6 = larger;
      r7 = r7.max(x);
    }
    r0.intoArray(best, 0);
    r1.intoArray(best, LANES);
    r2.intoArray(best, 2 * LANES);
    r3.intoArray(best, 3 * LANES);
    r4.intoArray(best, 4 * LANES);
    r5.intoArray(best, 5 * LANES);
    r6.intoArray(best, 6 * LANES);
    r7.intoArray(best, 7 * LANES);
  }
}
