package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Z/2 column against a plain count of each key, past the size at which the heap flushes into
 * its sorted run.
 */
class CoboundaryHeapTest {

  @Test
  void pivotsAreTheSmallestKeysOfOddCount() {
    Random rnd = new Random(7);
    CoboundaryHeap column = new CoboundaryHeap(4096);
    TreeMap<Long, Integer> counts = new TreeMap<>();
    for (int round = 0; round < 6; round++) {
      int pushes = round % 2 == 0 ? 30_000 : 1_000; // beyond the flush size, and within it
      for (int i = 0; i < pushes; i++) {
        long key = rnd.nextInt(20_000) + 5L * rnd.nextInt(3);
        column.push(key);
        counts.merge(key, 1, Integer::sum);
      }
      counts.values().removeIf(c -> c % 2 == 0);
      // Pop a few pivots, as a reduction does between additions.
      for (int k = 0; k < 50; k++) {
        long want = counts.isEmpty() ? -1 : counts.firstKey();
        assertEquals(want, column.pivot());
        assertEquals(want, column.popPivot());
        if (want >= 0) {
          counts.pollFirstEntry();
        }
      }
    }
    long[] odd = counts.keySet().stream().mapToLong(Long::longValue).toArray();
    assertArrayEquals(odd, column.oddEntries());
    for (long want : odd) {
      assertEquals(want, column.popPivot());
    }
    assertEquals(-1, column.pivot());
  }

  @Test
  void fillHeapifiesAndClearEmpties() {
    CoboundaryHeap column = new CoboundaryHeap();
    column.fill(new long[] {9, 3, 7, 3, 1, 8, 1, 1}, 8);
    assertEquals(1, column.popPivot());
    assertEquals(7, column.popPivot());
    assertEquals(8, column.popPivot());
    assertEquals(9, column.popPivot());
    assertEquals(-1, column.popPivot());
    column.push(4);
    column.clear();
    assertEquals(true, column.isEmpty());
  }
}
