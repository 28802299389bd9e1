package org.attentiontopology.job.model;

/**
 * Verifies that every attention row is a probability distribution over the real (unpadded) tokens.
 */
public final class AttentionRowCheck {

  private AttentionRowCheck() {}

  /**
   * Throws {@link AttentionCheckException} for the first row, in layer, head, row order, whose sum
   * differs from 1 by more than {@code tolerance}, or that holds a NaN or a negative weight. Sums
   * are taken in double precision.
   *
   * @param attention indexed [layer][head][from][to]
   */
  public static void requireRowsSumToOne(float[][][][] attention, double tolerance) {
    for (int layer = 0; layer < attention.length; layer++) {
      float[][][] heads = attention[layer];
      for (int head = 0; head < heads.length; head++) {
        float[][] rows = heads[head];
        for (int row = 0; row < rows.length; row++) {
          double sum = 0;
          int negative = -1;
          float[] weights = rows[row];
          for (int column = 0; column < weights.length; column++) {
            sum += weights[column];
            if (weights[column] < 0 && negative < 0) {
              negative = column;
            }
          }
          // The Jensen-Shannon kernels take x log x of every weight: a negative one would give a
          // number,
          // not an error, so it is refused here.
          if (negative >= 0) {
            throw AttentionCheckException.negativeWeight(
                layer, head, row, negative, weights[negative], sum);
          }
          // Written so that a NaN sum fails too.
          if (!(Math.abs(sum - 1) <= tolerance)) {
            throw new AttentionCheckException(layer, head, row, sum, tolerance);
          }
        }
      }
    }
  }
}
