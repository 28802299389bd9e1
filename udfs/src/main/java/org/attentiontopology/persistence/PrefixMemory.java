package org.attentiontopology.persistence;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The entries that reductions may keep in their stores of column prefixes ({@link ReducedColumns}),
 * drawn from a pool as a store grows and given back when its reduction ends.
 *
 * <p>Why one pool for the JVM rather than a fixed share for each core: Spark runs a task per core,
 * and nearly every head a task reduces is small and keeps few entries, while a head of a few
 * thousand points wants hundreds of millions, far more than a share split by core (the reduction of
 * softmax rows of 3072 points took 178 s within 100 M entries and had not finished after eight
 * minutes within 25 M). Drawn from one pool, a document-length head gets what the small ones leave,
 * and the sum over all reductions stays bounded.
 */
final class PrefixMemory {
  /**
   * An eighth of the heap, for every reduction in this JVM: as much as all cores together were
   * given before the pool. More does not pay within a 4 GB heap: on softmax rows of 4096 points a
   * quarter did not finish within ten minutes either and kept the heap near full with the entries
   * that cursors regenerate and walk without storing; half of it ran the heap out.
   */
  static final PrefixMemory SHARED =
      new PrefixMemory(Runtime.getRuntime().maxMemory() / 8 / Long.BYTES);

  private final AtomicLong free;

  /** A pool of {@code entries} entries. */
  PrefixMemory(long entries) {
    free = new AtomicLong(Math.max(0, entries));
  }

  /** Takes up to {@code wanted} entries from the pool; returns how many it got (0 if none left). */
  long take(long wanted) {
    while (true) {
      long left = free.get();
      long granted = Math.min(left, wanted);
      if (granted <= 0) {
        return 0;
      }
      if (free.compareAndSet(left, left - granted)) {
        return granted;
      }
    }
  }

  /** Returns entries taken before. */
  void giveBack(long entries) {
    free.addAndGet(entries);
  }

  /** Entries left in the pool. */
  long free() {
    return free.get();
  }
}
