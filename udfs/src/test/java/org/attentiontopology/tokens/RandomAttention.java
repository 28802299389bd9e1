package org.attentiontopology.tokens;

import java.util.Random;

/**
 * Random row-stochastic matrices for property tests, with ties and zeros to exercise the edge
 * cases.
 */
final class RandomAttention {
  private RandomAttention() {}

  /**
   * A T x T row-stochastic matrix; causal zeros above the diagonal when asked; some weights
   * repeated.
   */
  static float[][] matrix(Random rng, int t, boolean causal) {
    float[][] a = new float[t][t];
    for (int i = 0; i < t; i++) {
      int width = causal ? i + 1 : t;
      double[] x = new double[width];
      double sum = 0;
      for (int j = 0; j < width; j++) {
        // Quantised logits make exact ties common.
        x[j] =
            rng.nextInt(4) == 0
                ? 1.0
                : Math.exp(rng.nextInt(8) - 4.0 + (rng.nextBoolean() ? 0 : rng.nextGaussian()));
        sum += x[j];
      }
      for (int j = 0; j < width; j++) {
        a[i][j] = (float) (x[j] / sum);
      }
    }
    return a;
  }

  static float[][][][] attention(Random rng, int layers, int heads, int t) {
    float[][][][] out = new float[layers][heads][][];
    for (int l = 0; l < layers; l++) {
      for (int h = 0; h < heads; h++) {
        out[l][h] = matrix(rng, t, rng.nextBoolean());
      }
    }
    return out;
  }
}
