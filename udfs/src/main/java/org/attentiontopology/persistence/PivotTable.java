package org.attentiontopology.persistence;

/**
 * Which column of the current dimension owns a given pivot: an open-addressing hash map from
 * simplex index (>= 0) to column number, with linear probing and no boxing. Pivots are never
 * removed, so no tombstones are needed.
 */
final class PivotTable {
  private static final long EMPTY = -1;
  private long[] keys;
  private int[] values;
  private int mask;
  private int size;

  PivotTable(int expected) {
    int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    keys = new long[capacity];
    values = new int[capacity];
    java.util.Arrays.fill(keys, EMPTY);
    mask = capacity - 1;
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads the colexicographic indices
    return (int) (h ^ (h >>> 32));
  }

  /** The column whose pivot is the simplex {@code index}, or -1. */
  int get(long index) {
    for (int slot = hash(index) & mask; ; slot = (slot + 1) & mask) {
      long k = keys[slot];
      if (k == index) {
        return values[slot];
      }
      if (k == EMPTY) {
        return -1;
      }
    }
  }

  boolean contains(long index) {
    return get(index) >= 0;
  }

  void put(long index, int column) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int slot = hash(index) & mask;
    while (keys[slot] != EMPTY && keys[slot] != index) {
      slot = (slot + 1) & mask;
    }
    if (keys[slot] == EMPTY) {
      size++;
    }
    keys[slot] = index;
    values[slot] = column;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    java.util.Arrays.fill(keys, EMPTY);
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }
}
