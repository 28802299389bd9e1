package org.attentiontopology.job.model.family.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class AttentionTranslatorTest {

  @Test
  void headsOfBatchHeadsLayout() {
    assertEquals(12, AttentionTranslator.headsOf(new Shape(3, 12, 7, 7), 3, 7, "a"));
  }

  @Test
  void headsOfBatchTimesHeadsLayout() {
    assertEquals(12, AttentionTranslator.headsOf(new Shape(24, 7, 7), 2, 7, "a"));
  }

  @Test
  void refusesTensorsThatAreNotSelfAttention() {
    IllegalStateException notSquare =
        assertThrows(
            IllegalStateException.class,
            () ->
                AttentionTranslator.headsOf(
                    new Shape(2, 12, 7, 5), 2, 7, "/pool/Softmax_output_0"));
    assertTrue(
        notSquare.getMessage().startsWith("attention output '/pool/Softmax_output_0' has shape"),
        notSquare.getMessage());
    assertThrows(
        IllegalStateException.class, () -> AttentionTranslator.headsOf(new Shape(2, 7), 2, 7, "b"));
    assertThrows(
        IllegalStateException.class,
        () -> AttentionTranslator.headsOf(new Shape(5, 7, 7), 2, 7, "c"));
    assertThrows(
        IllegalStateException.class,
        () -> AttentionTranslator.headsOf(new Shape(3, 12, 7, 7), 2, 7, "d"));
  }
}
