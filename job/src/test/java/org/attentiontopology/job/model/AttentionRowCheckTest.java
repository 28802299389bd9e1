package org.attentiontopology.job.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AttentionRowCheckTest {

  /** Two layers of two heads over three tokens, every row uniform. */
  private static float[][][][] uniform() {
    float[][][][] attention = new float[2][2][3][3];
    for (float[][][] layer : attention) {
      for (float[][] head : layer) {
        for (float[] row : head) {
          java.util.Arrays.fill(row, 1f / 3);
        }
      }
    }
    return attention;
  }

  @Test
  void acceptsRowsThatSumToOne() {
    assertDoesNotThrow(() -> AttentionRowCheck.requireRowsSumToOne(uniform(), 1e-6));
  }

  @Test
  void namesTheFirstBadRow() {
    float[][][][] attention = uniform();
    attention[1][0][2][1] += 0.01f;
    AttentionCheckException error =
        assertThrows(
            AttentionCheckException.class,
            () -> AttentionRowCheck.requireRowsSumToOne(attention, 1e-4));
    assertEquals(1, error.layer());
    assertEquals(0, error.head());
    assertEquals(2, error.row());
    assertEquals(1.01, error.sum(), 1e-6);
    assertTrue(
        error
            .getMessage()
            .startsWith("attention row does not sum to 1: layer 1, head 0, row 2 sums to"),
        error.getMessage());
  }

  @Test
  void toleranceIsConfigurable() {
    float[][][][] attention = uniform();
    attention[0][1][0][0] += 0.001f;
    assertDoesNotThrow(() -> AttentionRowCheck.requireRowsSumToOne(attention, 1e-2));
    assertThrows(
        AttentionCheckException.class,
        () -> AttentionRowCheck.requireRowsSumToOne(attention, 1e-4));
  }

  @Test
  void nanFails() {
    float[][][][] attention = uniform();
    attention[0][0][1][1] = Float.NaN;
    AttentionCheckException error =
        assertThrows(
            AttentionCheckException.class,
            () -> AttentionRowCheck.requireRowsSumToOne(attention, 1e-4));
    assertEquals(1, error.row());
  }

  @Test
  void aNegativeWeightFailsEvenWhenTheRowSumsToOne() {
    float[][][][] attention = uniform();
    attention[1][1][0][0] = -0.5f;
    attention[1][1][0][1] = 1.5f - 1f / 3;
    AttentionCheckException error =
        assertThrows(
            AttentionCheckException.class,
            () -> AttentionRowCheck.requireRowsSumToOne(attention, 1e-4));
    assertEquals(1, error.layer());
    assertEquals(1, error.head());
    assertEquals(0, error.row());
    assertTrue(
        error
            .getMessage()
            .startsWith(
                "attention row has a negative weight: layer 1, head 1, row 0, "
                    + "column 0 is -0.5"),
        error.getMessage());
  }
}
