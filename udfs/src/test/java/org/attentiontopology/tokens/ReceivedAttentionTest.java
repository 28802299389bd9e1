package org.attentiontopology.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ReceivedAttentionTest {

  static final float[][] A = {
    {0.5f, 0.25f, 0.25f},
    {0.0f, 1.0f, 0.0f},
    {0.5f, 0.0f, 0.5f}
  };

  @Test
  void handWorkedColumnSums() {
    assertArrayEquals(new double[] {1.0, 1.25, 0.75}, ReceivedAttention.received(A), 1e-12);
    assertArrayEquals(
        new double[] {1.0 / 3, 1.25 / 3, 0.75 / 3}, ReceivedAttention.share(A), 1e-12);
  }

  @Test
  void weightedOverLayersAndHeads() {
    float[][] identity = {{1f, 0f, 0f}, {0f, 1f, 0f}, {0f, 0f, 1f}};
    float[][][][] attention = {{A, identity}};
    double[][] w = {{2.0, 1.0}};
    // 2 * (1, 1.25, 0.75) + (1, 1, 1) = (3, 3.5, 2.5); total 9 = T * W = 3 * 3.
    assertArrayEquals(
        new double[] {3.0, 3.5, 2.5}, ReceivedAttention.received(attention, w), 1e-12);
    assertArrayEquals(
        new double[] {3.0 / 9, 3.5 / 9, 2.5 / 9}, ReceivedAttention.share(attention, w), 1e-12);
    // Unweighted: every head 1.
    assertArrayEquals(
        new double[] {2.0, 2.25, 1.75}, ReceivedAttention.received(attention, null), 1e-12);
    assertArrayEquals(
        new double[] {2.0 / 6, 2.25 / 6, 1.75 / 6},
        ReceivedAttention.share(attention, null),
        1e-12);
    double[][][] byHead = ReceivedAttention.receivedByHead(attention);
    assertArrayEquals(new double[] {1.0, 1.25, 0.75}, byHead[0][0], 1e-12);
    assertArrayEquals(new double[] {1.0, 1.0, 1.0}, byHead[0][1], 1e-12);
  }

  @Test
  void rejectsMismatchedOrInvalidWeights() {
    float[][][][] attention = {{A, A}};
    assertThrows(
        IllegalArgumentException.class,
        () -> ReceivedAttention.received(attention, new double[][] {{1}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReceivedAttention.received(attention, new double[][] {{1, -1}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReceivedAttention.received(attention, new double[][] {{1, Double.NaN}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReceivedAttention.share(attention, new double[][] {{0, 0}}));
    assertThrows(
        IllegalArgumentException.class,
        () -> ReceivedAttention.received(new float[][][][] {{A, {{1f}}}}, null));
  }

  @Test
  void columnSumsEqualTheSumOfTheRowsEntriesOnRandomMatrices() {
    Random rng = new Random(7);
    for (int trial = 0; trial < 100; trial++) {
      int t = 1 + rng.nextInt(30);
      float[][] a = RandomAttention.matrix(rng, t, rng.nextBoolean());
      double[] received = ReceivedAttention.received(a);
      double total = 0;
      double rowTotal = 0;
      for (int j = 0; j < t; j++) {
        double column = 0;
        for (int i = 0; i < t; i++) {
          column += a[i][j];
        }
        assertEquals(column, received[j], 1e-9);
        total += received[j];
      }
      for (float[] row : a) {
        for (float x : row) {
          rowTotal += x;
        }
      }
      assertEquals(rowTotal, total, 1e-9);
      assertEquals(t, total, 1e-5 * t);
      double shareTotal = 0;
      for (double s : ReceivedAttention.share(a)) {
        shareTotal += s;
      }
      assertEquals(1.0, shareTotal, 1e-6);
    }
  }

  @Test
  void weightedShareIsADistributionOnRandomAttention() {
    Random rng = new Random(11);
    for (int trial = 0; trial < 30; trial++) {
      int layers = 1 + rng.nextInt(4);
      int heads = 1 + rng.nextInt(4);
      int t = 1 + rng.nextInt(20);
      float[][][][] attention = RandomAttention.attention(rng, layers, heads, t);
      double[][] w = new double[layers][heads];
      for (double[] row : w) {
        for (int h = 0; h < heads; h++) {
          row[h] = rng.nextDouble();
        }
      }
      double[] share = ReceivedAttention.share(attention, w);
      double sum = 0;
      for (double s : share) {
        sum += s;
        assertEquals(true, s >= 0);
      }
      assertEquals(1.0, sum, 1e-6);
      // The weighted total equals the weighted sum of the per-head column sums.
      double[] received = ReceivedAttention.received(attention, w);
      double[][][] byHead = ReceivedAttention.receivedByHead(attention);
      for (int j = 0; j < t; j++) {
        double expected = 0;
        for (int l = 0; l < layers; l++) {
          for (int h = 0; h < heads; h++) {
            expected += w[l][h] * byHead[l][h][j];
          }
        }
        assertEquals(expected, received[j], 1e-9);
      }
    }
  }

  /**
   * The total from the heads' column sums equals the total from the attention, weighted or not, to
   * rounding.
   */
  @Test
  void totalFromTheHeadsColumnSumsEqualsTheTotalFromTheAttention() {
    Random rnd = new Random(17);
    for (int trial = 0; trial < 20; trial++) {
      int t = 1 + rnd.nextInt(40);
      float[][][][] attention = new float[1 + rnd.nextInt(3)][1 + rnd.nextInt(4)][t][t];
      double[][] w = new double[attention.length][attention[0].length];
      for (int l = 0; l < attention.length; l++) {
        for (int h = 0; h < attention[l].length; h++) {
          w[l][h] = rnd.nextInt(3) == 0 ? 0.0 : rnd.nextDouble();
          for (float[] row : attention[l][h]) {
            for (int j = 0; j < t; j++) {
              row[j] = rnd.nextFloat();
            }
          }
        }
      }
      double[][][] byHead = ReceivedAttention.receivedByHead(attention);
      for (double[][] weights : new double[][][] {null, w}) {
        double[] expected = ReceivedAttention.received(attention, weights);
        double[] actual = ReceivedAttention.received(byHead, weights);
        for (int j = 0; j < t; j++) {
          assertEquals(
              expected[j], actual[j], 1e-12 * Math.max(1, Math.abs(expected[j])), "trial " + trial);
        }
      }
      assertThrows(
          IllegalArgumentException.class,
          () -> ReceivedAttention.received(byHead, new double[][] {{-1}}));
    }
  }
}
