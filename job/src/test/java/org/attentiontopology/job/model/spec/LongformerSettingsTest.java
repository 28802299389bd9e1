package org.attentiontopology.job.model.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LongformerSettingsTest {

  @Test
  void globalPositionsCountNegativesFromTheEndAndLeaveOutWhatATextLacks() {
    LongformerSettings settings = new LongformerSettings(4, List.of(-1, 0, 3, 0, 20), 1);
    assertArrayEquals(
        new int[] {0, 3, 20}, settings.globalPositions(21), "sorted, without repeats (-1 is 20)");
    assertArrayEquals(new int[] {0, 3, 20, 21}, settings.globalPositions(22));
    assertArrayEquals(
        new int[] {0, 3, 9}, settings.globalPositions(10), "20 lies beyond a text of 10");
    assertArrayEquals(new int[] {0, 1}, settings.globalPositions(2), "-1 and 0 of a 2-token text");
    assertArrayEquals(new int[] {0}, settings.globalPositions(1), "-1 and 0 are one token");
  }

  @Test
  void batchesArePaddedToAMultipleOfTheWindow() {
    LongformerSettings settings = new LongformerSettings(4, List.of(0), 1);
    assertEquals(4, settings.paddedLength(1));
    assertEquals(4, settings.paddedLength(4));
    assertEquals(8, settings.paddedLength(5));
  }
}
