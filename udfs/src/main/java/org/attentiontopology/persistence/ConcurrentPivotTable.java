package org.attentiontopology.persistence;

import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The pivot table shared by the threads of a {@link ParallelCohomologyReduction}: simplex index to
 * owning column, lock-free. A slot's key is claimed once by compare-and-set and never changes; its
 * owner changes only by compare-and-set, from a later column to an earlier one. Sized for all
 * columns up front (each column owns at most one pivot), so it never grows.
 */
final class ConcurrentPivotTable {
  private static final long EMPTY = -1;
  private final AtomicLongArray keys;
  private final AtomicIntegerArray owners;
  private final int mask;

  ConcurrentPivotTable(int columns) {
    int capacity = Integer.highestOneBit(Math.max(16, columns * 2 - 1)) << 1;
    keys = new AtomicLongArray(capacity);
    owners = new AtomicIntegerArray(capacity);
    for (int i = 0; i < capacity; i++) {
      keys.set(i, EMPTY);
      owners.set(i, -1);
    }
    mask = capacity - 1;
  }

  private static int hash(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private int find(long index) {
    for (int slot = hash(index) & mask; ; slot = (slot + 1) & mask) {
      long k = keys.get(slot);
      if (k == index || k == EMPTY) {
        return slot;
      }
    }
  }

  /** The owner of the pivot, or -1. */
  int get(long index) {
    int slot = find(index);
    return keys.get(slot) == index ? owners.get(slot) : -1;
  }

  /**
   * Makes {@code column} the owner if there is none; returns the owner found otherwise, -1 on
   * success.
   */
  int claim(long index, int column) {
    int slot = find(index);
    while (keys.get(slot) != index) {
      if (keys.compareAndSet(slot, EMPTY, index)) {
        break;
      }
      slot = find(index); // another thread took this slot: look again
    }
    while (true) {
      int owner = owners.get(slot);
      if (owner != -1) {
        return owner;
      }
      if (owners.compareAndSet(slot, -1, column)) {
        return -1;
      }
    }
  }

  /**
   * Replaces the owner {@code expected} by {@code column}; false if the owner is no longer {@code
   * expected}.
   */
  boolean replace(long index, int expected, int column) {
    int slot = find(index);
    return keys.get(slot) == index && owners.compareAndSet(slot, expected, column);
  }
}
