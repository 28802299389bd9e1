package org.attentiontopology.tokens;

/**
 * Attention received by each position: the column sums of attention matrices.
 *
 * <p>Normalisation. For one head's T x T matrix A whose rows sum to 1, {@code received[j] = sum_i
 * A[i][j]} is the raw column sum; it lies in [0, T] and the values sum to T over positions. Summed
 * over layers and heads with weights w[l][h] (a head-importance matrix, or all ones), {@code
 * received[j] = sum_{l,h} w[l][h] sum_i A_lh[i][j]}, which sums to T * W over positions, W = sum of
 * the weights. {@code share[j] = received[j] / (T * W)} is then a distribution over positions (sums
 * to 1 when every row sums to 1; the nominal T * W is used, not the actual total, so a share
 * reflects rows that do not quite sum to 1). Sums are accumulated in double, rows in order.
 */
public final class ReceivedAttention {
  private ReceivedAttention() {}

  /** Column sums of one head's matrix (T x T): raw attention received by each position. */
  public static double[] received(float[][] a) {
    int t = Matrices.requireSquare(a, "attention matrix");
    double[] out = new double[t];
    addColumnSums(a, 1.0, out);
    return out;
  }

  /**
   * {@link #received(float[][])} divided by T: sums to 1 over positions for a row-stochastic
   * matrix.
   */
  public static double[] share(float[][] a) {
    double[] r = received(a);
    return scale(r, 1.0 / r.length);
  }

  /**
   * Column sums for every head: {@code out[l][h][j]} = attention received by position j in layer l,
   * head h, from an {@code attention[layer][head][from][to]} array.
   */
  public static double[][][] receivedByHead(float[][][][] attention) {
    int t = sequenceLength(attention);
    double[][][] out = new double[attention.length][][];
    for (int l = 0; l < attention.length; l++) {
      out[l] = new double[attention[l].length][];
      for (int h = 0; h < attention[l].length; h++) {
        Matrices.requireSquare(attention[l][h], "attention[" + l + "][" + h + "]");
        requireLength(attention[l][h], t, l, h);
        out[l][h] = new double[t];
        addColumnSums(attention[l][h], 1.0, out[l][h]);
      }
    }
    return out;
  }

  /**
   * Attention received by each position summed over all layers and heads, head (l, h) weighted by
   * {@code weights[l][h]}; {@code weights == null} weights every head 1.
   */
  public static double[] received(float[][][][] attention, double[][] weights) {
    int t = sequenceLength(attention);
    checkWeights(attention, weights);
    double[] out = new double[t];
    for (int l = 0; l < attention.length; l++) {
      for (int h = 0; h < attention[l].length; h++) {
        double w = weights == null ? 1.0 : weights[l][h];
        Matrices.requireSquare(attention[l][h], "attention[" + l + "][" + h + "]");
        requireLength(attention[l][h], t, l, h);
        if (w != 0.0) {
          addColumnSums(attention[l][h], w, out);
        }
      }
    }
    return out;
  }

  /**
   * The same total from the heads' column sums ({@code byHead[l][h][j]}, as {@link #receivedByHead}
   * gives them): {@code sum_{l,h} weights[l][h] byHead[l][h][j]}, heads in order, {@code weights ==
   * null} weighting every head 1. A caller that has the heads' sums already gets the total without
   * reading the attention again (a pass over every head's T x T matrix, 5 MB an example for
   * MiniLM). Equal to {@link #received(float[][][][], double[][])} up to the order of the
   * additions.
   */
  public static double[] received(double[][][] byHead, double[][] weights) {
    if (byHead == null || byHead.length == 0 || byHead[0].length == 0) {
      throw new IllegalArgumentException("the column sums need at least one layer and one head");
    }
    int t = byHead[0][0].length;
    int[] heads = new int[byHead.length];
    for (int l = 0; l < byHead.length; l++) {
      heads[l] = byHead[l].length;
    }
    checkWeights(heads, weights, "the column sums");
    double[] out = new double[t];
    for (int l = 0; l < byHead.length; l++) {
      for (int h = 0; h < byHead[l].length; h++) {
        double[] sums = byHead[l][h];
        if (sums.length != t) {
          throw new IllegalArgumentException(
              "column sums ["
                  + l
                  + "]["
                  + h
                  + "] have "
                  + sums.length
                  + " positions, [0][0] has "
                  + t);
        }
        double w = weights == null ? 1.0 : weights[l][h];
        for (int j = 0; j < t; j++) {
          out[j] += w * sums[j];
        }
      }
    }
    return out;
  }

  /**
   * {@link #received(float[][][][], double[][])} divided by T * W (W = total weight; the number of
   * heads when {@code weights == null}): a distribution over positions.
   */
  public static double[] share(float[][][][] attention, double[][] weights) {
    double[] r = received(attention, weights);
    double total = 0.0;
    if (weights == null) {
      for (float[][][] layer : attention) {
        total += layer.length;
      }
    } else {
      for (double[] row : weights) {
        for (double w : row) {
          total += w;
        }
      }
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException(
          "total head weight is " + total + ": share needs a positive total");
    }
    return scale(r, 1.0 / (r.length * total));
  }

  private static void addColumnSums(float[][] a, double w, double[] out) {
    for (float[] row : a) {
      for (int j = 0; j < row.length; j++) {
        out[j] += w * row[j];
      }
    }
  }

  private static double[] scale(double[] x, double factor) {
    for (int j = 0; j < x.length; j++) {
      x[j] *= factor;
    }
    return x;
  }

  private static int sequenceLength(float[][][][] attention) {
    if (attention == null
        || attention.length == 0
        || attention[0] == null
        || attention[0].length == 0) {
      throw new IllegalArgumentException("attention needs at least one layer and one head");
    }
    return attention[0][0].length;
  }

  private static void requireLength(float[][] a, int t, int l, int h) {
    if (a.length != t) {
      throw new IllegalArgumentException(
          "attention["
              + l
              + "]["
              + h
              + "] is "
              + a.length
              + " x "
              + a.length
              + ", attention[0][0] is "
              + t
              + " x "
              + t);
    }
  }

  private static void checkWeights(float[][][][] attention, double[][] weights) {
    int[] heads = new int[attention.length];
    for (int l = 0; l < attention.length; l++) {
      heads[l] = attention[l].length;
    }
    checkWeights(heads, weights, "attention");
  }

  /**
   * {@code heads[l]}: the heads of layer l in what the weights apply to, named {@code what} in
   * errors.
   */
  private static void checkWeights(int[] heads, double[][] weights, String what) {
    if (weights == null) {
      return;
    }
    if (weights.length != heads.length) {
      throw new IllegalArgumentException(
          "head weights have " + weights.length + " layers, " + what + " has " + heads.length);
    }
    for (int l = 0; l < heads.length; l++) {
      if (weights[l].length != heads[l]) {
        throw new IllegalArgumentException(
            "head weights have "
                + weights[l].length
                + " heads in layer "
                + l
                + ", "
                + what
                + " has "
                + heads[l]);
      }
      for (int h = 0; h < weights[l].length; h++) {
        double w = weights[l][h];
        if (!Double.isFinite(w) || w < 0) {
          throw new IllegalArgumentException(
              "head weight ["
                  + l
                  + "]["
                  + h
                  + "] is "
                  + w
                  + ": weights must be finite and non-negative");
        }
      }
    }
  }
}
