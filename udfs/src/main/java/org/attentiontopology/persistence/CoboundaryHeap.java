package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * A column of the coboundary matrix over Z/2 kept lazily as a binary min-heap of entry keys (see
 * {@link RipsFiltration#key}): adding a column only pushes its entries, and entries that occur an
 * even number of times cancel when they reach the top. The smallest key is the filtration-first
 * cofacet, the pivot of the column. Lazy addition is what makes the reduction cheap: a column is
 * added in full but only its first entries are ever looked at.
 *
 * <p>A long reduction adds thousands of columns, whose entries would pile up in the heap (hundreds
 * of millions at 1024 points). So the heap is bounded: when full, it is sorted, its pairs
 * cancelled, and merged, cancelling again, into a sorted run of the entries beyond it; the pivot is
 * the smaller of the heap's top and the run's head. Each entry is then sorted once and merged a few
 * times instead of piling up.
 */
final class CoboundaryHeap {
  /** 16 MB: flushing costs a sort, so it waits until memory asks for it. */
  private static final int FLUSH_AT = 1 << 21;

  private final int flushAt;
  private long[] heap = new long[64];
  private int size;
  private long[] run = new long[0]; // sorted, no duplicates, live part run[runFrom .. runSize)
  private long[] spare = new long[0];
  private int runFrom;
  private int runSize;

  CoboundaryHeap() {
    this(FLUSH_AT);
  }

  /**
   * With the heap flushed into the sorted run whenever it holds {@code flushAt} entries (tests use
   * small sizes).
   */
  CoboundaryHeap(int flushAt) {
    this.flushAt = Math.max(64, flushAt);
  }

  void clear() {
    size = 0;
    runFrom = 0;
    runSize = 0;
  }

  boolean isEmpty() {
    return size == 0 && runFrom == runSize;
  }

  void push(long key) {
    if (size == heap.length) {
      if (size >= flushAt) {
        flush();
      } else {
        heap = Arrays.copyOf(heap, size * 2);
      }
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      long p = heap[parent];
      if (p <= key) {
        break;
      }
      heap[i] = p;
      i = parent;
    }
    heap[i] = key;
  }

  /** Replaces the contents by the given keys, heapified in linear time. */
  void fill(long[] keys, int count) {
    clear();
    if (heap.length < count) {
      heap = new long[Math.max(count, heap.length * 2)];
    }
    System.arraycopy(keys, 0, heap, 0, count);
    size = count;
    for (int i = (count >>> 1) - 1; i >= 0; i--) {
      siftDown(i, heap[i]);
    }
  }

  /**
   * The pivot over Z/2: the smallest key occurring an odd number of times, left in place; -1 if the
   * column is zero. Copies of the heap's minimum sit on a path of minima from the root, so a
   * duplicate of the root, if any, is one of its children: one comparison each tells whether the
   * root cancels.
   */
  long pivot() {
    while (true) {
      long top = -1;
      while (size > 0) {
        top = heap[0];
        boolean duplicated = (size > 1 && heap[1] == top) || (size > 2 && heap[2] == top);
        if (!duplicated) {
          break;
        }
        popTop();
        popTop();
        top = -1;
      }
      if (runFrom == runSize) {
        return top;
      }
      long head = run[runFrom];
      if (top < 0 || head < top) {
        return head;
      }
      if (head > top) {
        return top;
      }
      popTop(); // the same entry in the heap and in the run: they cancel
      runFrom++;
    }
  }

  /** Removes and returns the pivot (as {@link #pivot()}), -1 if the column is zero. */
  long popPivot() {
    long p = pivot();
    if (p >= 0) {
      if (size > 0 && heap[0] == p) {
        popTop();
      } else {
        runFrom++;
      }
    }
    return p;
  }

  /** The entries occurring an odd number of times, ascending; the column keeps them. */
  long[] oddEntries() {
    flush();
    return Arrays.copyOfRange(run, runFrom, runSize);
  }

  /** Sorts the heap, cancels its pairs and merges it into the run, cancelling equal entries. */
  private void flush() {
    sort(heap, size);
    int kept = Z2Chain.cancelPairs(heap, 0, size);
    int total = kept + runSize - runFrom;
    if (spare.length < total) {
      spare = new long[Math.max(total, spare.length * 2)];
    }
    int a = 0;
    int b = runFrom;
    int out = 0;
    while (a < kept && b < runSize) {
      long x = heap[a];
      long y = run[b];
      if (x < y) {
        spare[out++] = x;
        a++;
      } else if (y < x) {
        spare[out++] = y;
        b++;
      } else {
        a++;
        b++;
      }
    }
    while (a < kept) {
      spare[out++] = heap[a++];
    }
    while (b < runSize) {
      spare[out++] = run[b++];
    }
    long[] t = run;
    run = spare;
    spare = t;
    runFrom = 0;
    runSize = out;
    size = 0;
  }

  private static final int DIGIT = 11;
  private long[] radixBuffer = new long[0];
  private final int[] counts = new int[1 << DIGIT];

  /**
   * Sorts the first n keys. Flushing sorts every entry a long reduction pushes, millions per column
   * at 1024 points, so large arrays go through a least-significant-digit radix sort over the bits
   * the keys use (rank and index, about 47 bits there: 5 passes of 11 bits), several times faster
   * than comparison sorting.
   */
  private void sort(long[] a, int n) {
    if (n < 4096) {
      Arrays.sort(a, 0, n);
      return;
    }
    long used = 0;
    for (int i = 0; i < n; i++) {
      used |= a[i];
    }
    int bits = 64 - Long.numberOfLeadingZeros(used);
    if (radixBuffer.length < n) {
      radixBuffer = new long[Math.max(n, heap.length)];
    }
    long[] src = a;
    long[] dst = radixBuffer;
    int mask = (1 << DIGIT) - 1;
    for (int shift = 0; shift < bits; shift += DIGIT) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[(int) (src[i] >>> shift) & mask]++;
      }
      int sum = 0;
      for (int d = 0; d <= mask; d++) {
        int c = counts[d];
        counts[d] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        long x = src[i];
        dst[counts[(int) (x >>> shift) & mask]++] = x;
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    if (src != a) {
      System.arraycopy(src, 0, a, 0, n);
    }
  }

  private void popTop() {
    long last = heap[--size];
    if (size > 0) {
      siftDown(0, last);
    }
  }

  private void siftDown(int i, long key) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      long c = heap[child];
      int right = child + 1;
      if (right < size && heap[right] < c) {
        child = right;
        c = heap[right];
      }
      if (key <= c) {
        break;
      }
      heap[i] = c;
      i = child;
    }
    heap[i] = key;
  }
}
