package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Gram-matrix form of H^2 against the direct sum (sqrt p - sqrt q)^2 / 2: the scalar double
 * product to 1e-14; the float product of the Vector API path never above it and below it by at most
 * its stated slack (FloatHellingerTest tries adversarial rows against an exact reference).
 */
class SquaredHellingerTest {

  @Test
  void agreesWithTheDirectSumForEveryPair() {
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
      double[] triangle = SquaredHellinger.lowerTriangle(wide, length);
      double[][] roots = new double[n][length];
      double[] sums = new double[n];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < length; k++) {
          roots[i][k] = Math.sqrt(rows[i][k]);
          sums[i] += rows[i][k];
        }
      }
      double[] scalar = new double[triangle.length];
      SquaredHellinger.scalarTriangle(roots, sums, scalar);
      int at = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          double direct = 0;
          double gram = 0;
          for (int k = 0; k < length; k++) {
            double d = Math.sqrt(rows[i][k]) - Math.sqrt(rows[j][k]);
            direct += 0.5 * d * d;
            gram += Math.sqrt(rows[i][k]) * Math.sqrt(rows[j][k]);
          }
          String what = "n=" + n + " T=" + length + " " + i + "," + j;
          if (VectorSupport.available()) {
            assertTrue(triangle[at] <= direct + 1e-15, "never above H^2: " + what);
            // The subtracted slack c_T G^ and the float error itself, each at most about c_T G.
            assertTrue(
                direct - triangle[at] <= 2.01 * FloatHellinger.slackFactor(length) * gram + 1e-15,
                "below H^2 by at most twice the float slack: " + what);
          } else {
            assertEquals(direct, triangle[at], 1e-14, what);
          }
          assertEquals(direct, scalar[at], 1e-14, "scalar " + what);
          at++;
        }
      }
    }
  }
}
