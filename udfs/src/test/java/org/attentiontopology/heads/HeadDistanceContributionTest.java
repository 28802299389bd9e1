package org.attentiontopology.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.attentiontopology.divergence.JensenShannon;
import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.persistence.DistanceMatrix;
import org.junit.jupiter.api.Test;

class HeadDistanceContributionTest {

  /** A check of one example's head sums in one base; {@code what} names the case for messages. */
  interface SumsCheck {
    void check(float[][][][] attention, LogBase base, String what);
  }

  /**
   * Runs {@code check} on random 2-layer, 3-head attention of 1 to 300 tokens, causal and not, in
   * every base, with heads (1, 2) and (0, 1) identical, so that one pair's every divergence is
   * exactly 0.
   */
  static void acrossShapesAndBases(long seed, SumsCheck check) {
    Random rnd = new Random(seed);
    for (int tokens = 1; tokens <= 300; tokens += (tokens < 20 ? 1 : 37)) {
      for (boolean causal : new boolean[] {false, true}) {
        float[][][][] a = randomAttention(rnd, 2, 3, tokens, causal);
        a[1][2] = a[0][1];
        for (LogBase base : LogBase.values()) {
          check.check(a, base, "T=" + tokens + " causal=" + causal + " " + base);
        }
      }
    }
  }

  static float[][][][] randomAttention(
      Random rnd, int layers, int heads, int tokens, boolean causal) {
    float[][][][] a = new float[layers][heads][tokens][tokens];
    for (float[][][] layer : a) {
      for (float[][] head : layer) {
        double temperature = 0.2 + 3 * rnd.nextDouble();
        for (int t = 0; t < tokens; t++) {
          int width = causal ? t + 1 : tokens;
          double sum = 0;
          for (int k = 0; k < width; k++) {
            head[t][k] = (float) Math.exp(rnd.nextGaussian() / temperature);
            sum += head[t][k];
          }
          for (int k = 0; k < width; k++) {
            head[t][k] /= (float) sum;
          }
        }
      }
    }
    return a;
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  @Test
  void sumsEqualTheDefinitionTokenByToken() {
    Random rnd = new Random(11);
    for (boolean causal : new boolean[] {false, true}) {
      int layers = 2;
      int heads = 3;
      int tokens = 9;
      float[][][][] a = randomAttention(rnd, layers, heads, tokens, causal);
      HeadDistanceContribution.Sums s = HeadDistanceContribution.of(a, LogBase.TWO);
      assertEquals(tokens, s.tokens());
      assertEquals(HeadDistanceContribution.pairCount(layers * heads), s.jsDistance().length);
      int k = 0;
      for (int i = 0; i < layers * heads; i++) {
        for (int j = 0; j < i; j++) {
          double distance = 0;
          double nats = 0;
          for (int t = 0; t < tokens; t++) {
            double[] p = toDouble(a[i / heads][i % heads][t]);
            double[] q = toDouble(a[j / heads][j % heads][t]);
            distance += JensenShannon.distance(p, q, LogBase.TWO);
            nats += JensenShannon.divergence(p, q, LogBase.E);
          }
          assertEquals(distance, s.jsDistance()[k], 1e-7, "pair " + i + "," + j);
          assertEquals(nats, s.jsDivergenceNats()[k], 1e-10, "pair " + i + "," + j);
          k++;
        }
      }
    }
  }

  @Test
  void corpusHeadDistanceIsAMetric() {
    Random rnd = new Random(5);
    ExactSums total = null;
    for (int example = 0; example < 4; example++) {
      HeadDistanceContribution.Sums s =
          HeadDistanceContribution.of(randomAttention(rnd, 3, 2, 4 + example, false), LogBase.TWO);
      if (total == null) {
        total = new ExactSums(s.jsDistance().length);
      }
      total.addAll(s.jsDistance());
    }
    DistanceMatrix d = DistanceMatrix.fromLowerTriangle(6, total.totals());
    for (int i = 0; i < 6; i++) {
      for (int j = 0; j < 6; j++) {
        if (i != j) {
          assertTrue(d.get(i, j) > 0, "distinct random heads are at positive distance");
        }
        for (int k = 0; k < 6; k++) {
          assertTrue(
              d.get(i, k) <= d.get(i, j) + d.get(j, k) + 1e-9, "triangle inequality " + i + j + k);
        }
      }
    }
  }

  @Test
  void identicalHeadsAreAtDistanceZero() {
    float[][][][] a = randomAttention(new Random(3), 1, 2, 5, false);
    a[0][1] = a[0][0];
    HeadDistanceContribution.Sums s = HeadDistanceContribution.of(a, LogBase.TWO);
    assertEquals(0.0, s.jsDistance()[0], 0.0);
    assertEquals(0.0, s.jsDivergenceNats()[0], 0.0);
  }
}
