package org.attentiontopology.tokens;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API form of {@link TopAttended}'s selection: k passes, each a vector maximum over a copy of the row
 * in which non-candidates are 0, then the first position holding it, which is then zeroed. Same result as the
 * scalar buffer, entry for entry: the maximum first, and among equal weights the lowest position first, since each
 * pass finds the first position equal to the maximum; only positive weights are candidates (the copy keeps w where
 * w &gt; 0, which is false for 0, -0, negatives and NaN), and the passes stop when the maximum is no longer positive.
 *
 * <p>Why: the scalar buffer meets a new entry about twenty times in a row of 135 with k = 5, each a mispredicted
 * branch and a shifting loop whose exit is mispredicted too; here the only branches that depend on the weights are
 * the search for each maximum's position and the end of the passes. Loaded only in a JVM with the module
 * jdk.incubator.vector.
 */
final class VectorTopAttended {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int LANES = SPECIES.length();
  private static final FloatVector ZERO = FloatVector.zero(SPECIES);

  private VectorTopAttended() {}

  /** The scratch length {@link #select} needs for rows of {@code length}: whole vectors. */
  static int scratchLength(int length) {
    return Math.max(LANES, (length + LANES - 1) / LANES * LANES);
  }

  /**
   * The top {@code capacity} positive entries of {@code row} into {@code positions} and {@code weights}, best first;
   * returns how many there are. {@code scratch} has at least {@link #scratchLength} elements.
   */
  static int select(float[] row, int capacity, int[] positions, float[] weights, float[] scratch) {
    int n = row.length;
    int whole = scratchLength(n);
    int c = 0;
    for (; c + LANES <= n; c += LANES) {
      FloatVector v = FloatVector.fromArray(SPECIES, row, c);
      v.blend(ZERO, v.compare(VectorOperators.GT, ZERO).not()).intoArray(scratch, c);
    }
    for (; c < whole; c++) {
      float w = c < n ? row[c] : 0f;
      scratch[c] = w > 0f ? w : 0f;
    }
    int size = 0;
    while (size < capacity) {
      FloatVector max = FloatVector.fromArray(SPECIES, scratch, 0);
      for (int b = LANES; b < whole; b += LANES) {
        max = max.max(FloatVector.fromArray(SPECIES, scratch, b));
      }
      float best = max.reduceLanes(VectorOperators.MAX);
      if (!(best > 0f)) {
        break;
      }
      int at = -1;
      for (int b = 0; at < 0; b += LANES) {
        VectorMask<Float> equal = FloatVector.fromArray(SPECIES, scratch, b).compare(VectorOperators.EQ, best);
        if (equal.anyTrue()) {
          at = b + equal.firstTrue();
        }
      }
      positions[size] = at;
      weights[size] = best;
      scratch[at] = 0f;
      size++;
    }
    return size;
  }
}
