package org.attentiontopology.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AttentionDistanceTest {
  @Test
  void aThreeTokenHeadWorkedByHand() {
    // Row 0 looks at itself and its neighbour (0.5 * 0 + 0.5 * 1 = 0.5), row 1 at both neighbours
    // (0.25 * 1 + 0.25 * 1 = 0.5), row 2 at the first token, two positions back (1 * 2 = 2):
    // (0.5 + 0.5 + 2) / 3 rows = 1.
    float[][] a = {{0.5f, 0.5f, 0f}, {0.25f, 0.5f, 0.25f}, {1f, 0f, 0f}};
    assertEquals(1.0, AttentionDistance.mean(a), 0.0);
  }

  @Test
  void selfAttentionIsAtDistanceZeroAndTheFarEndAtItsMeanOffset() {
    float[][] identity = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
    assertEquals(0.0, AttentionDistance.mean(identity), 0.0);
    // Every row on the last token: offsets 3, 2, 1, 0, mean 1.5.
    float[][] last = {{0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 0, 1}};
    assertEquals(1.5, AttentionDistance.mean(last), 0.0);
  }

  @Test
  void weightsAreNormalisedByTheTotalAttention() {
    // Rows that do not sum to 1 (pooled or masked attention): the weighted mean, not the sum.
    // 2 * |0 - 1| + 2 * |1 - 0| over a total of 4 is 1.
    float[][] a = {{0, 2}, {2, 0}};
    assertEquals(1.0, AttentionDistance.mean(a), 0.0);
    assertEquals(0.0, AttentionDistance.mean(new float[2][2]), 0.0);
  }

  @Test
  void refusesANonSquareMatrix() {
    assertThrows(
        IllegalArgumentException.class, () -> AttentionDistance.mean(new float[][] {{1f, 0f}}));
  }
}
