package org.attentiontopology.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.attentiontopology.divergence.LogBase;
import org.junit.jupiter.api.Test;

class AttentionPatternsTest {

  static final String[] TOKENS = {"[CLS]", "hi", ".", "[SEP]"};
  static final float[][] A = {
    {0.5f, 0.5f, 0f, 0f},
    {0.25f, 0.25f, 0.25f, 0.25f},
    {0f, 0f, 0f, 1f},
    {0f, 0f, 1f, 0f}
  };

  @Test
  void handWorkedClarkStatistics() {
    AttentionPatterns p = AttentionPatterns.of(A, TOKENS, LogBase.TWO);
    assertEquals(0.1875, p.self(), 1e-12);
    assertEquals(1.25 / 3, p.previous(), 1e-12);
    assertEquals(1.75 / 3, p.next(), 1e-12);
    assertEquals(0.1875, p.first(), 1e-12);
    assertEquals(0.3125, p.separator(), 1e-12);
    assertEquals(0.3125, p.punctuation(), 1e-12);
    assertEquals(0.75, p.entropy(), 1e-12); // rows: 1 bit, 2 bits, 0, 0
    assertEquals(0.75 * Math.log(2), AttentionPatterns.of(A, TOKENS, LogBase.E).entropy(), 1e-12);
  }

  @Test
  void handWorkedTemplateDistances() {
    AttentionPatterns p = AttentionPatterns.of(A, TOKENS, LogBase.TWO);
    // ||A||^2 = 0.5 + 0.25 + 1 + 1 = 2.75.
    // Previous: ones at (1,0), (2,1), (3,2); ||A - P||^2 = 2.75 - (0.0625 + 0 + 1) + (0.5625 + 1 +
    // 0) = 3.25.
    assertEquals(Math.sqrt(3.25 / 5.75), p.distancePrevious(), 1e-12);
    // Current: diagonal 0.5, 0.25, 0, 0; ||A - I||^2 = 2.75 - 0.3125 + 2.8125 = 5.25.
    assertEquals(Math.sqrt(5.25 / 6.75), p.distanceCurrent(), 1e-12);
    // Next: (0,1), (1,2), (2,3) = 0.5, 0.25, 1; ||A - P||^2 = 2.75 - 1.3125 + 0.8125 = 2.25.
    assertEquals(Math.sqrt(2.25 / 5.75), p.distanceNext(), 1e-12);
    // First column 0.5, 0.25, 0, 0 (same values as the diagonal), 4 ones.
    assertEquals(Math.sqrt(5.25 / 6.75), p.distanceFirst(), 1e-12);
    // Separator column 3: 0, 0.25, 1, 0; ||A - P||^2 = 2.75 - 1.0625 + 2.5625 = 4.25.
    assertEquals(Math.sqrt(4.25 / 6.75), p.distanceSeparator(), 1e-12);
    // Punctuation column 2: 0, 0.25, 0, 1: the same multiset of values.
    assertEquals(Math.sqrt(4.25 / 6.75), p.distancePunctuation(), 1e-12);
  }

  @Test
  void templatesHaveDistanceZeroToThemselves() {
    int t = 6;
    float[][] previous = new float[t][t];
    float[][] identity = new float[t][t];
    float[][] first = new float[t][t];
    for (int i = 0; i < t; i++) {
      if (i > 0) {
        previous[i][i - 1] = 1f;
      }
      identity[i][i] = 1f;
      first[i][0] = 1f;
    }
    String[] tokens = {"[CLS]", "a", "b", "c", "d", "e"};
    AttentionPatterns p = AttentionPatterns.of(previous, tokens, LogBase.TWO);
    assertEquals(0.0, p.distancePrevious(), 0.0);
    assertEquals(1.0, p.previous(), 0.0);
    assertEquals(1.0, p.distanceCurrent(), 0.0);
    assertEquals(0.0, AttentionPatterns.of(identity, tokens, LogBase.TWO).distanceCurrent(), 0.0);
    assertEquals(1.0, AttentionPatterns.of(identity, tokens, LogBase.TWO).self(), 0.0);
    assertEquals(0.0, AttentionPatterns.of(first, tokens, LogBase.TWO).distanceFirst(), 0.0);
    // No separators in these tokens: an empty template is at distance 1 from any non-zero matrix
    // ...
    assertEquals(1.0, p.distanceSeparator(), 0.0);
    // ... and at distance 0 from the zero matrix (both zero).
    assertEquals(
        0.0, AttentionPatterns.of(new float[t][t], tokens, LogBase.TWO).distanceSeparator(), 0.0);
  }

  @Test
  void rejectsMismatchedTokens() {
    assertThrows(
        IllegalArgumentException.class,
        () -> AttentionPatterns.of(A, new String[] {"a", "b"}, LogBase.TWO));
    assertThrows(
        IllegalArgumentException.class,
        () -> AttentionPatterns.of(new float[0][], new String[0], LogBase.TWO));
  }

  @Test
  void singleTokenHasNoNeighbours() {
    AttentionPatterns p =
        AttentionPatterns.of(new float[][] {{1f}}, new String[] {"[CLS]"}, LogBase.TWO);
    assertEquals(0.0, p.previous(), 0.0);
    assertEquals(0.0, p.next(), 0.0);
    assertEquals(1.0, p.self(), 0.0);
    assertEquals(0.0, p.distanceCurrent(), 0.0);
    assertEquals(1.0, p.distancePrevious(), 0.0);
  }

  @Test
  void randomMatricesGiveStatisticsInRangeAndDistancesMatchExplicitTemplates() {
    Random rng = new Random(2019);
    String[] vocabulary = {"the", ".", ",", "[SEP]", "##s", "dog", "!", "Ġ.", "a"};
    for (int trial = 0; trial < 200; trial++) {
      int t = 1 + rng.nextInt(20);
      String[] tokens = new String[t];
      tokens[0] = "[CLS]";
      for (int i = 1; i < t; i++) {
        tokens[i] = vocabulary[rng.nextInt(vocabulary.length)];
      }
      float[][] a = RandomAttention.matrix(rng, t, rng.nextBoolean());
      TokenClasses classes = TokenClasses.of(tokens);
      AttentionPatterns p = AttentionPatterns.of(a, classes, LogBase.TWO);
      assertTrue(
          p.entropy() >= 0 && p.entropy() <= Math.log(t) / Math.log(2) + 1e-9,
          "entropy " + p.entropy());
      double[] unitInterval = {
        p.self(),
        p.previous(),
        p.next(),
        p.first(),
        p.separator(),
        p.punctuation(),
        p.distancePrevious(),
        p.distanceCurrent(),
        p.distanceNext(),
        p.distanceFirst(),
        p.distanceSeparator(),
        p.distancePunctuation()
      };
      for (int k = 0; k < unitInterval.length; k++) {
        assertTrue(
            unitInterval[k] >= 0 && unitInterval[k] <= 1 + 1e-9,
            "statistic " + k + " = " + unitInterval[k]);
      }
      double meanEntropy = 0;
      for (float[] row : a) {
        meanEntropy += org.attentiontopology.divergence.JensenShannon.entropyNats(row) / t;
      }
      assertEquals(meanEntropy / Math.log(2), p.entropy(), 1e-9);
      float[][][] templates = templates(t, classes);
      double[] expected = new double[6];
      for (int m = 0; m < 6; m++) {
        expected[m] = explicitDistance(a, templates[m]);
      }
      assertArrayEquals(
          expected,
          new double[] {
            p.distancePrevious(),
            p.distanceCurrent(),
            p.distanceNext(),
            p.distanceFirst(),
            p.distanceSeparator(),
            p.distancePunctuation()
          },
          1e-9);
    }
  }

  private static float[][][] templates(int t, TokenClasses c) {
    float[][][] p = new float[6][t][t];
    for (int i = 0; i < t; i++) {
      if (i > 0) {
        p[0][i][i - 1] = 1;
      }
      p[1][i][i] = 1;
      if (i < t - 1) {
        p[2][i][i + 1] = 1;
      }
      p[3][i][0] = 1;
      for (int j = 0; j < t; j++) {
        if (c.isSeparator(j)) {
          p[4][i][j] = 1;
        }
        if (c.isPunctuation(j)) {
          p[5][i][j] = 1;
        }
      }
    }
    return p;
  }

  private static double explicitDistance(float[][] a, float[][] p) {
    double diff = 0, na = 0, np = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a.length; j++) {
        double d = (double) a[i][j] - p[i][j];
        diff += d * d;
        na += (double) a[i][j] * a[i][j];
        np += (double) p[i][j] * p[i][j];
      }
    }
    return na + np == 0 ? 0 : Math.sqrt(diff / (na + np));
  }

  @Test
  void sumOfSquaresAgreesWithTheRunningSumAtEveryLengthModFour() {
    java.util.Random rnd = new java.util.Random(83);
    for (int n = 0; n <= 23; n++) {
      float[] row = new float[n];
      double expected = 0;
      for (int j = 0; j < n; j++) {
        row[j] = rnd.nextFloat();
        expected += (double) row[j] * row[j];
      }
      org.junit.jupiter.api.Assertions.assertEquals(
          expected, AttentionPatterns.sumOfSquares(row), 1e-15 * n, "n=" + n);
    }
  }

  /**
   * Row entropies given (as the H0 stage computes them) give the same statistics to the bit as
   * computing them.
   */
  @Test
  void givenRowEntropiesGiveTheSameBits() {
    Random rnd = new Random(29);
    for (int t : new int[] {1, 2, 7, 40}) {
      float[][] a = new float[t][t];
      for (float[] row : a) {
        double sum = 0;
        for (int j = 0; j < t; j++) {
          row[j] = rnd.nextInt(5) == 0 ? 0f : (float) Math.exp(2 * rnd.nextGaussian());
          sum += row[j];
        }
        for (int j = 0; j < t; j++) {
          row[j] = sum == 0 ? 1f / t : (float) (row[j] / sum);
        }
      }
      String[] tokens = new String[t];
      java.util.Arrays.fill(tokens, "w");
      double[] entropies =
          new org.attentiontopology.divergence.JensenShannonEdges(a, LogBase.TWO, true)
              .rowEntropiesNats();
      TokenClasses classes = TokenClasses.of(tokens);
      assertEquals(
          AttentionPatterns.of(a, classes, LogBase.TWO),
          AttentionPatterns.of(a, classes, LogBase.TWO, entropies),
          "T=" + t);
    }
  }
}
