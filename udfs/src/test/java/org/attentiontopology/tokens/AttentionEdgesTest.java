package org.attentiontopology.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AttentionEdgesTest {

  @Test
  void handWorkedThresholdInclusiveAndRowMajor() {
    float[][] a = {
      {0.5f, 0.25f, 0.25f},
      {0.0f, 1.0f, 0.0f},
      {0.1f, Float.NaN, 0.9f}
    };
    AttentionEdges e = AttentionEdges.of(a, 0.25f);
    assertEquals(5, e.size());
    assertArrayEquals(new int[] {0, 0, 0, 1, 2}, e.from());
    assertArrayEquals(new int[] {0, 1, 2, 1, 2}, e.to());
    assertArrayEquals(new float[] {0.5f, 0.25f, 0.25f, 1.0f, 0.9f}, e.weight());
    assertEquals(8, AttentionEdges.of(a, 0f).size()); // all but the NaN
    assertEquals(0, AttentionEdges.of(a, 2f).size());
  }

  @Test
  void rejectsNonFiniteThreshold() {
    assertThrows(
        IllegalArgumentException.class, () -> AttentionEdges.of(new float[][] {{1f}}, Float.NaN));
  }

  @Test
  void randomMatricesGiveExactlyTheEntriesAboveThresholdInOrder() {
    Random rng = new Random(3);
    for (int trial = 0; trial < 50; trial++) {
      int t = 1 + rng.nextInt(25);
      float[][] a = RandomAttention.matrix(rng, t, rng.nextBoolean());
      float threshold = rng.nextFloat() * 0.5f;
      AttentionEdges e = AttentionEdges.of(a, threshold);
      int k = 0;
      for (int i = 0; i < t; i++) {
        for (int j = 0; j < t; j++) {
          if (a[i][j] >= threshold) {
            assertEquals(i, e.from()[k]);
            assertEquals(j, e.to()[k]);
            assertEquals(a[i][j], e.weight()[k], 0f);
            k++;
          }
        }
      }
      assertEquals(k, e.size());
    }
  }
}
