package org.attentiontopology.job.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.heads.HeadDistanceContribution;
import org.junit.jupiter.api.Test;

/**
 * With H0 only, ExampleAnalysis builds each diagram from lazily computed edges instead of the full
 * distance matrix; the diagrams must be those of the full path (max-dimension 1, or distances kept
 * for the report) to the bit, and the head sums must not depend on the path.
 */
class ExampleAnalysisTest {

  private static float[][][][] attention(
      Random rnd, int layers, int heads, int tokens, boolean causal) {
    float[][][][] a = new float[layers][heads][tokens][tokens];
    for (float[][][] layer : a) {
      for (float[][] head : layer) {
        int focus = rnd.nextInt(tokens);
        for (int i = 0; i < tokens; i++) {
          int width = causal ? i + 1 : tokens;
          double sum = 0;
          for (int k = 0; k < width; k++) {
            head[i][k] = (float) Math.exp((k == focus ? 3 : 0) + 1.5 * rnd.nextGaussian());
            sum += head[i][k];
          }
          for (int k = 0; k < width; k++) {
            head[i][k] /= (float) sum;
          }
        }
      }
    }
    return a;
  }

  private static ExampleAnalysis analysis(int maxDimension, double threshold, boolean squareRoot) {
    return new ExampleAnalysis(
        new ExampleAnalysis.Settings(
            LogBase.TWO, squareRoot, true, maxDimension, threshold, true, true));
  }

  @Test
  void h0FromLazyEdgesEqualsH0FromTheFullMatrix() {
    Random rnd = new Random(53);
    for (int tokens : new int[] {1, 2, 3, 17, 60}) {
      for (boolean causal : new boolean[] {false, true}) {
        for (boolean squareRoot : new boolean[] {true, false}) {
          for (double threshold : new double[] {Double.POSITIVE_INFINITY, 0.2}) {
            float[][][][] a = attention(rnd, 2, 3, tokens, causal);
            String[] words = new String[tokens];
            for (int t = 0; t < tokens; t++) {
              words[t] = "w" + t;
            }
            ExampleAnalysis.Result lazy =
                analysis(0, threshold, squareRoot).analyse(words, a, false);
            ExampleAnalysis.Result full =
                analysis(1, threshold, squareRoot).analyse(words, a, false);
            ExampleAnalysis.Result kept =
                analysis(0, threshold, squareRoot).analyse(words, a, true);
            String what =
                "T="
                    + tokens
                    + " causal="
                    + causal
                    + " sqrt="
                    + squareRoot
                    + " threshold="
                    + threshold;
            assertEquals(full.diagrams().size(), lazy.diagrams().size(), what);
            for (int h = 0; h < full.diagrams().size(); h++) {
              assertEquals(1, lazy.diagrams().get(h).byDimension().size(), what);
              assertEquals(
                  full.diagrams().get(h).byDimension().get(0),
                  lazy.diagrams().get(h).byDimension().get(0),
                  what + " head " + h);
              assertEquals(
                  full.diagrams().get(h).byDimension().get(0),
                  kept.diagrams().get(h).byDimension().get(0),
                  what + " head " + h);
              assertNull(lazy.diagrams().get(h).distances());
              assertNotNull(kept.diagrams().get(h).distances());
            }
            assertEquals(
                java.util.Arrays.toString(full.headSums().jsDistance()),
                java.util.Arrays.toString(lazy.headSums().jsDistance()),
                what);
          }
        }
      }
    }
  }

  /**
   * The full path's matrices, built on one workspace for all heads, are the fast kernel's matrices
   * of each head on its own.
   */
  @Test
  void keptMatricesAreThoseOfEachHeadAlone() {
    float[][][][] a = attention(new Random(67), 2, 3, 25, true);
    String[] words = new String[25];
    java.util.Arrays.fill(words, "w");
    ExampleAnalysis.Result kept =
        analysis(1, Double.POSITIVE_INFINITY, true).analyse(words, a, true);
    for (ExampleAnalysis.HeadDiagrams d : kept.diagrams()) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(
          org.attentiontopology.divergence.JensenShannon.distanceMatrix(
                  a[d.layer()][d.head()], LogBase.TWO)
              .toLowerTriangle(),
          d.distances().toLowerTriangle(),
          0.0,
          "layer " + d.layer() + " head " + d.head());
    }
  }

  @Test
  void headPrecisionChoosesTheHeadKernel() {
    float[][][][] a = attention(new Random(59), 2, 3, 40, false);
    String[] words = new String[40];
    java.util.Arrays.fill(words, "w");
    for (boolean single : new boolean[] {true, false}) {
      ExampleAnalysis analysis =
          new ExampleAnalysis(
              new ExampleAnalysis.Settings(
                  LogBase.TWO, true, true, 0, Double.POSITIVE_INFINITY, true, single));
      double[] expected =
          single
              ? HeadDistanceContribution.ofFloat(a, LogBase.TWO).jsDistance()
              : HeadDistanceContribution.of(a, LogBase.TWO).jsDistance();
      assertEquals(
          java.util.Arrays.toString(expected),
          java.util.Arrays.toString(analysis.analyse(words, a, false).headSums().jsDistance()),
          "single=" + single);
    }
    // The two kernels differ in the last digits (else this test could not tell them apart).
    assertNotEquals(
        java.util.Arrays.toString(HeadDistanceContribution.ofFloat(a, LogBase.TWO).jsDistance()),
        java.util.Arrays.toString(HeadDistanceContribution.of(a, LogBase.TWO).jsDistance()));
  }

  /**
   * The token statistics take the rows' entropies from the Jensen-Shannon distances when those
   * analysed the very rows they read (all tokens kept), with H0 alone or with H1: the head
   * statistics are the same to the bit. With special tokens removed, the rows differ and none are
   * offered.
   */
  @Test
  void tokenStatisticsReuseTheRowEntropiesOfH0Exactly() {
    float[][][][] a = attention(new Random(61), 2, 3, 30, false);
    String[] words = new String[30];
    for (int t = 0; t < words.length; t++) {
      words[t] = t == 0 ? "[CLS]" : t == 29 ? "[SEP]" : "w" + t;
    }
    TokenStatistics.Settings settings =
        new TokenStatistics.Settings(5, false, null, 0f, LogBase.TWO);
    ExampleAnalysis.Result result =
        analysis(0, Double.POSITIVE_INFINITY, true).analyse(words, a, false);
    double[][] entropies = result.rowEntropiesOf(a);
    assertNotNull(entropies);
    org.apache.spark.sql.Row[] expected = TokenStatistics.of(words, a, settings).headStats();
    org.apache.spark.sql.Row[] actual =
        TokenStatistics.of(words, a, settings, entropies).headStats();
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], "head_stats row " + i);
    }
    ExampleAnalysis withoutSpecial =
        new ExampleAnalysis(
            new ExampleAnalysis.Settings(
                LogBase.TWO, true, false, 0, Double.POSITIVE_INFINITY, true, true));
    assertNull(withoutSpecial.analyse(words, a, false).rowEntropiesOf(a));
    double[][] withH1 =
        analysis(1, Double.POSITIVE_INFINITY, true).analyse(words, a, false).rowEntropiesOf(a);
    assertNotNull(withH1, "the full matrices' row entropies are offered too");
    for (int h = 0; h < entropies.length; h++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(entropies[h], withH1[h], 0.0, "head " + h);
    }
    // Entropies of another attention's heads are refused, naming the fix.
    double[][] tooFew = java.util.Arrays.copyOf(entropies, entropies.length - 1);
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> TokenStatistics.of(words, a, settings, tooFew));
    org.junit.jupiter.api.Assertions.assertTrue(
        e.getMessage().contains("rowEntropiesOf"), e.getMessage());
  }
}
