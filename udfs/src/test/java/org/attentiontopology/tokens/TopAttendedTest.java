package org.attentiontopology.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TopAttendedTest {

  @Test
  void handWorkedThreeByThree() {
    float[][] a = {
      {0.5f, 0.3f, 0.2f},
      {0.25f, 0.5f, 0.25f}, // tie between 0 and 2: lower position first
      {0.1f, 0.1f, 0.8f}
    };
    TopAttended.Result top2 = TopAttended.of(a, 2);
    assertArrayEquals(new int[] {0, 1}, top2.positions()[0]);
    assertArrayEquals(new float[] {0.5f, 0.3f}, top2.weights()[0]);
    assertArrayEquals(new int[] {1, 0}, top2.positions()[1]);
    assertArrayEquals(new float[] {0.5f, 0.25f}, top2.weights()[1]);
    assertArrayEquals(new int[] {2, 0}, top2.positions()[2]);
    assertEquals(3, top2.rows());

    int[][] top1 = TopAttended.topPositions(a, 1);
    assertArrayEquals(new int[][] {{0}, {1}, {2}}, top1);
    int[][] all = TopAttended.topPositions(a, 3);
    assertArrayEquals(new int[] {1, 0, 2}, all[1]);
    assertArrayEquals(new int[] {2, 0, 1}, all[2]);
  }

  @Test
  void kLargerThanRowGivesFewerAndZerosAreNotAttended() {
    float[][] causal = {
      {1f, 0f, 0f},
      {0.4f, 0.6f, 0f},
      {0.2f, 0.2f, 0.6f}
    };
    int[][] top = TopAttended.topPositions(causal, 5);
    assertArrayEquals(new int[] {0}, top[0]);
    assertArrayEquals(new int[] {1, 0}, top[1]);
    assertArrayEquals(new int[] {2, 0, 1}, top[2]);
    assertArrayEquals(new int[0], TopAttended.topPositions(new float[] {0f, Float.NaN}, 3));
    assertArrayEquals(new int[0][], TopAttended.topPositions(new float[0][], 3));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(
        IllegalArgumentException.class, () -> TopAttended.topPositions(new float[][] {{1f}}, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> TopAttended.topPositions(new float[][] {{1f, 0f}}, 1));
  }

  @Test
  void agreesWithAFullSortOnRandomMatrices() {
    Random rng = new Random(20261123);
    for (int trial = 0; trial < 300; trial++) {
      int t = 1 + rng.nextInt(40);
      int k = 1 + rng.nextInt(t + 3);
      float[][] a = RandomAttention.matrix(rng, t, rng.nextBoolean());
      TopAttended.Result result = TopAttended.of(a, k);
      for (int r = 0; r < t; r++) {
        float[] row = a[r];
        int[] expected = fullSort(row, k);
        assertArrayEquals(expected, result.positions()[r], "trial " + trial + " row " + r);
        float[] w = result.weights()[r];
        for (int j = 0; j < w.length; j++) {
          assertEquals(row[expected[j]], w[j], 0f);
          if (j > 0) {
            assertEquals(true, w[j - 1] >= w[j], "weights descending " + Arrays.toString(w));
          }
        }
      }
    }
  }

  /**
   * Rows drawn from a handful of values, so that ties at the threshold (the weight of the last
   * buffered entry) are frequent, mixed with zeros, -0, negatives and NaN, which are never
   * attended.
   */
  @Test
  void agreesWithAFullSortWhenTiesAndNonPositiveWeightsAbound() {
    Random rng = new Random(7);
    float[] values = {0f, -0f, -0.25f, Float.NaN, 0.125f, 0.25f, 0.25f, 0.5f, Float.MIN_VALUE};
    for (int trial = 0; trial < 2000; trial++) {
      int t = 1 + rng.nextInt(30);
      int k = 1 + rng.nextInt(8);
      float[] row = new float[t];
      for (int c = 0; c < t; c++) {
        row[c] = values[rng.nextInt(values.length)];
      }
      int[] expected = fullSort(row, k);
      assertArrayEquals(
          expected,
          TopAttended.topPositions(row, k),
          "trial " + trial + " " + Arrays.toString(row));
    }
  }

  @Test
  void vectorNetworkAndScalarBufferGiveTheSameEntries() {
    // Both forms on matrices of every size around the lanes of a group, with ties, zeros, -0,
    // negatives, NaN,
    // subnormal and infinite weights, for k on both sides of the network's limit; and each against
    // the full sort,
    // weights included (read back from the network's keys).
    assertTrue(
        org.attentiontopology.divergence.VectorSupport.available(),
        "the tests run with the Vector API");
    Random rng = new Random(11);
    float[] specials = {
      0f, -0f, -0.5f, Float.NaN, Float.MIN_VALUE, Float.POSITIVE_INFINITY, 0.25f, 0.25f
    };
    for (int trial = 0; trial < 600; trial++) {
      int t = 1 + rng.nextInt(40);
      int k = 1 + rng.nextInt(VectorTopAttended.MAX_K + 3);
      float[][] a = new float[t][t];
      for (float[] row : a) {
        for (int c = 0; c < t; c++) {
          row[c] =
              rng.nextInt(4) == 0
                  ? specials[rng.nextInt(specials.length)]
                  : (float) rng.nextInt(20) / 64;
        }
      }
      TopAttended.Result fast = TopAttended.of(a, k, k <= VectorTopAttended.MAX_K);
      TopAttended.Result scalar = TopAttended.of(a, k, false);
      for (int r = 0; r < t; r++) {
        float[] row = a[r];
        int[] expected = fullSort(row, k);
        float[] expectedWeights = new float[expected.length];
        for (int j = 0; j < expected.length; j++) {
          expectedWeights[j] = row[expected[j]];
        }
        String what = "trial " + trial + " k=" + k + " row " + r + " " + Arrays.toString(row);
        assertArrayEquals(expected, fast.positions()[r], what);
        assertArrayEquals(expected, scalar.positions()[r], what);
        assertArrayEquals(expectedWeights, fast.weights()[r], 0f, what);
        assertArrayEquals(expectedWeights, scalar.weights()[r], 0f, what);
      }
    }
  }

  /**
   * The oracle: the positive entries' positions sorted by weight descending, then position, the
   * first k.
   */
  private static int[] fullSort(float[] row, int k) {
    return IntStream.range(0, row.length)
        .boxed()
        .filter(c -> row[c] > 0)
        .sorted((x, y) -> row[x] != row[y] ? Float.compare(row[y], row[x]) : Integer.compare(x, y))
        .limit(k)
        .mapToInt(Integer::intValue)
        .toArray();
  }
}
