package org.attentiontopology.job.stages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class WindowRangesTest {

  /**
   * Every piece covered in order, consecutive windows sharing exactly the overlap, each within the
   * capacity.
   */
  private static void assertWindows(
      List<WindowRanges.Range> w, int pieces, int maxLength, int specials, int overlap) {
    assertEquals(0, w.get(0).start(), "the first window starts at the first piece");
    assertEquals(pieces, w.get(w.size() - 1).end(), "the last window ends at the last piece");
    for (int k = 0; k < w.size(); k++) {
      WindowRanges.Range r = w.get(k);
      assertTrue(
          r.length() + specials <= maxLength,
          "window " + k + " " + r + " fits " + maxLength + " tokens");
      assertTrue(
          r.length() > overlap || w.size() == 1,
          "window " + k + " " + r + " advances past the overlap");
      if (k > 0) {
        WindowRanges.Range previous = w.get(k - 1);
        assertEquals(
            overlap,
            previous.end() - r.start(),
            "windows " + (k - 1) + " and " + k + " share " + overlap);
        assertTrue(r.start() > previous.start() && r.end() > previous.end(), "windows advance");
      }
    }
  }

  @Test
  void aTextThatFitsIsOneWindow() {
    assertEquals(List.of(new WindowRanges.Range(0, 254)), WindowRanges.of(254, 256, 2, 32));
    assertEquals(List.of(new WindowRanges.Range(0, 10)), WindowRanges.of(10, 256, 2, 32));
    assertEquals(List.of(new WindowRanges.Range(0, 0)), WindowRanges.of(0, 256, 2, 32));
  }

  @Test
  void fixedStrideWhenEveryPieceMayStartAWindow() {
    // 600 pieces, 254 per window, stride 222: [0, 254), [222, 476), [444, 600).
    assertEquals(
        List.of(
            new WindowRanges.Range(0, 254),
            new WindowRanges.Range(222, 476),
            new WindowRanges.Range(444, 600)),
        WindowRanges.of(600, 256, 2, 32));
    // One piece over the capacity: a second window holding the overlap and that piece.
    assertEquals(
        List.of(new WindowRanges.Range(0, 254), new WindowRanges.Range(222, 255)),
        WindowRanges.of(255, 256, 2, 32));
    // No special tokens (GPT-2) and no overlap: consecutive blocks.
    assertEquals(
        List.of(
            new WindowRanges.Range(0, 4),
            new WindowRanges.Range(4, 8),
            new WindowRanges.Range(8, 9)),
        WindowRanges.of(9, 4, 0, 0));
  }

  @Test
  void windowsBeginAtWordStartsAndKeepTheOverlapExact() {
    // Words start at every third piece: windows may only begin there, and are shortened to keep the
    // overlap.
    IntPredicate wordStart = i -> i % 3 == 0;
    List<WindowRanges.Range> w = WindowRanges.of(40, 12, 2, 2, wordStart);
    assertWindows(w, 40, 12, 2, 2);
    for (WindowRanges.Range r : w) {
      assertEquals(0, r.start() % 3, r + " begins a word");
    }
    // Capacity 10, overlap 2: the latest start <= 8 at a word start is 6, so the first window is
    // [0, 8).
    assertEquals(new WindowRanges.Range(0, 8), w.get(0));
    assertEquals(6, w.get(1).start());
  }

  @Test
  void aWordLongerThanTheWindowIsCutInside() {
    // Only piece 0 starts a word: the fixed stride is the only way forward.
    assertEquals(WindowRanges.of(30, 8, 2, 1), WindowRanges.of(30, 8, 2, 1, i -> false));
  }

  @Test
  void propertiesHoldForManyShapes() {
    Random random = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      int maxLength = 3 + random.nextInt(60);
      int specials = random.nextInt(3);
      int overlap = random.nextInt(maxLength - specials);
      int pieces = random.nextInt(500);
      boolean[] starts = new boolean[pieces + 1];
      double density = random.nextDouble();
      for (int i = 0; i < starts.length; i++) {
        starts[i] = random.nextDouble() < density;
      }
      List<WindowRanges.Range> w =
          WindowRanges.of(pieces, maxLength, specials, overlap, i -> starts[i]);
      assertWindows(w, pieces, maxLength, specials, overlap);
      if (pieces + specials <= maxLength) {
        assertEquals(1, w.size(), "a text that fits is not split");
      }
    }
  }

  @Test
  void anOverlapThatLeavesNoRoomToAdvanceIsRefusedWithTheSettingToChange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> WindowRanges.of(600, 256, 2, 254));
    assertTrue(
        e.getMessage().contains("inference.window-overlap") && e.getMessage().contains("254"),
        e.getMessage());
  }
}
