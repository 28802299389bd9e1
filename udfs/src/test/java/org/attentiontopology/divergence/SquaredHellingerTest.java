package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Gram-matrix form of H^2 against the direct sum (sqrt p - sqrt q)^2 / 2, vector and scalar products alike. */
class SquaredHellingerTest {

  @Test
  void equalsTheDirectSumForEveryPair() {
    Random rnd = new Random(47);
    for (int n = 1; n <= 41; n++) {
      int length = 1 + rnd.nextInt(60);
      float[][] rows = new float[n][length];
      double[][] wide = new double[n][];
      for (int i = 0; i < n; i++) {
        double sum = 0;
        for (int k = 0; k < length; k++) {
          rows[i][k] = rnd.nextInt(5) == 0 ? 0f : (float) Math.exp(2 * rnd.nextGaussian());
          sum += rows[i][k];
        }
        for (int k = 0; k < length; k++) {
          rows[i][k] = sum == 0 ? 0f : (float) (rows[i][k] / sum);
        }
        wide[i] = MixtureEntropy.widen(rows[i]);
      }
      SquaredHellinger h = new SquaredHellinger(wide, length);
      double[][] roots = new double[n][length];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < length; k++) {
          roots[i][k] = Math.sqrt(rows[i][k]);
        }
      }
      double[] scalarGram = new double[n * n];
      SquaredHellinger.scalarGram(roots, scalarGram, n);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          double direct = 0;
          double sums = 0;
          for (int k = 0; k < length; k++) {
            double d = Math.sqrt(rows[i][k]) - Math.sqrt(rows[j][k]);
            direct += 0.5 * d * d;
            sums += 0.5 * ((double) rows[i][k] + rows[j][k]);
          }
          String what = "n=" + n + " T=" + length + " " + i + "," + j;
          assertEquals(direct, h.between(i, j), 1e-14, what);
          assertEquals(h.between(j, i), h.between(i, j), 0.0, what);
          assertEquals(direct, sums - scalarGram[i * n + j], 1e-14, "scalar " + what);
        }
      }
    }
  }
}
