package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * A chain over Z/2, a set of simplices of one dimension under symmetric difference: adding a
 * simplex toggles it. It sums the records of the columns added to the one being reduced ({@link
 * CohomologyReduction}), and those cancel almost entirely: on softmax rows of 2048 points 99 M
 * simplices were added for 1.8 M kept, since successive columns are sums of nearly the same
 * simplices. So a toggle should cost a few instructions, where a heap holds, sorts and pops every
 * simplex added. Where the simplices' indices are few enough (edges: C(n, 2) bits, a megabyte at
 * 4096 points) the chain is one bit per index; otherwise an open-addressing hash set the size of
 * what is kept (linear probing, deletion by shifting the probe run back). Either way the keys
 * entered are listed, so that emptying the chain looks at them rather than at every bit or slot.
 */
final class Z2Chain {
  /** Indices up to this many are kept as bits (8 MB). */
  static final long MAX_BITS = 1L << 26;

  private static final long EMPTY = -1; // keys are >= 0

  private final RipsFiltration f;
  private final long[] bits; // bit i: the simplex of index i is in the chain; null for the hash set
  private long[] table; // the hash set, when there are no bits
  private int mask;
  private int size;
  // The keys in the order they were entered, once for every time. In the hash set, only while
  // fewer than its slots: past that it is emptied by scanning it.
  private long[] entered = new long[64];
  private int enteredCount;
  private boolean scan;

  /** A chain of simplices of dimension {@code dim}. */
  Z2Chain(RipsFiltration f, int dim) {
    this(f, dim, MAX_BITS);
  }

  /** As above, as bits only where the indices are at most {@code maxBits} (tests take 0). */
  Z2Chain(RipsFiltration f, int dim, long maxBits) {
    this.f = f;
    long indices = f.binomials.get(f.n, dim + 1);
    if (indices <= maxBits) {
      bits = new long[(int) ((indices + 63) >>> 6)];
    } else {
      bits = null;
      table = new long[64];
      Arrays.fill(table, EMPTY);
      mask = table.length - 1;
    }
  }

  /** Adds a simplex, by key: enters it if absent, removes it if present. */
  void add(long key) {
    if (bits != null) {
      long index = f.indexOf(key);
      int word = (int) (index >>> 6);
      long bit = 1L << index;
      long w = bits[word] ^ bit;
      bits[word] = w;
      if ((w & bit) != 0) {
        size++;
        enter(key);
      } else {
        size--;
      }
      return;
    }
    int i = slot(key);
    while (true) {
      long k = table[i];
      if (k == EMPTY) {
        table[i] = key;
        size++;
        if (!scan) {
          if (enteredCount == table.length) {
            scan = true;
          } else {
            enter(key);
          }
        }
        if (2 * size > table.length) {
          grow();
        }
        return;
      }
      if (k == key) {
        delete(i);
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /** Simplices in the chain now; {@link #drain}'s output needs room for them. */
  int size() {
    return size;
  }

  /** The simplices of the chain, ascending, in {@code out} from 0; empties it. Returns how many. */
  int drain(long[] out) {
    int count = 0;
    if (scan) {
      for (int i = 0; i < table.length; i++) {
        if (table[i] != EMPTY) {
          out[count++] = table[i];
          table[i] = EMPTY;
        }
      }
      size = 0;
    } else {
      for (int i = 0; i < enteredCount; i++) {
        if (remove(entered[i])) {
          out[count++] = entered[i];
        }
      }
    }
    enteredCount = 0;
    scan = false;
    Arrays.sort(out, 0, count);
    return count;
  }

  void clear() {
    if (scan) {
      Arrays.fill(table, EMPTY);
      size = 0;
    } else {
      for (int i = 0; i < enteredCount; i++) {
        remove(entered[i]);
      }
    }
    enteredCount = 0;
    scan = false;
  }

  private void enter(long key) {
    if (enteredCount == entered.length) {
      entered = Arrays.copyOf(entered, 2 * enteredCount);
    }
    entered[enteredCount++] = key;
  }

  /** Removes the simplex if it is in the chain, and says whether it was. */
  private boolean remove(long key) {
    if (bits != null) {
      long index = f.indexOf(key);
      int word = (int) (index >>> 6);
      long bit = 1L << index;
      if ((bits[word] & bit) == 0) {
        return false;
      }
      bits[word] ^= bit;
      size--;
      return true;
    }
    for (int i = slot(key); table[i] != EMPTY; i = (i + 1) & mask) {
      if (table[i] == key) {
        delete(i);
        return true;
      }
    }
    return false;
  }

  /**
   * Empties slot i of the hash set and moves back the entries after it in its probe run that would
   * otherwise no longer be found (Knuth's algorithm R).
   */
  private void delete(int i) {
    size--;
    int hole = i;
    for (int j = (i + 1) & mask; table[j] != EMPTY; j = (j + 1) & mask) {
      int home = slot(table[j]);
      // j stays where it is if its home lies cyclically in (hole, j].
      boolean stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!stays) {
        table[hole] = table[j];
        hole = j;
      }
    }
    table[hole] = EMPTY;
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    Arrays.fill(table, EMPTY);
    mask = table.length - 1;
    for (long k : old) {
      if (k != EMPTY) {
        int i = slot(k);
        while (table[i] != EMPTY) {
          i = (i + 1) & mask;
        }
        table[i] = k;
      }
    }
  }

  /**
   * Removes the keys occurring an even number of times from the sorted a[from .. to) and returns
   * the new end.
   */
  static int cancelPairs(long[] a, int from, int to) {
    int kept = from;
    for (int i = from; i < to; ) {
      int j = i + 1;
      while (j < to && a[j] == a[i]) {
        j++;
      }
      if (((j - i) & 1) == 1) {
        a[kept++] = a[i];
      }
      i = j;
    }
    return kept;
  }
}
