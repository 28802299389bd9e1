package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * The column being reduced, over Z/2, as a lazy sum: a heap of single entries ({@link
 * CoboundaryHeap}: the column's own coboundary and the coboundaries of apparent pairs' facets) plus
 * one cursor per reduced column added, walking that column's stored prefix ({@link
 * ReducedColumns}). Adding a stored column is then one cursor, and only the entries up to the next
 * pivot are ever touched.
 *
 * <p>A cursor whose prefix runs out before the pivot is found regenerates its column beyond the
 * prefix from the record, sorts the first of those entries (at least as many again as the prefix
 * holds), walks them, and appends them to the stored prefix while the budget lasts: the columns
 * that are added deep are few and are added again, so each is regenerated a few times rather than
 * at every addition. Past the budget the cursor walks what it regenerated without storing it.
 *
 * <p>The pivot, once found, is taken out of the sources and held: adding a column whose pivot it is
 * cancels it, and the added column contributes only its entries past the pivot.
 */
final class WorkingColumn {
  /** A prefix that runs out grows to at least this many entries. */
  static final int GROWN = 1024;

  private final RipsFiltration f;
  private final Cofacets cofacets;
  private final ReducedColumns reduced;
  private final int dim;
  private final CoboundaryHeap entries = new CoboundaryHeap();
  private long[] buffer = new long[1024];
  private EdgeCofacets edgeCofacets; // built at the first regeneration in dimension 1

  private long head; // the pivot, taken out of the sources; -1 for a zero column
  private boolean known; // whether head is the pivot of the sum

  // Cursors: a binary heap of ids ordered by their next key. Cursor id walks source[id] from
  // next[id] to last[id], all entries of its column up to end[id]; at last[id] it stands at end[id]
  // until its column is regenerated beyond, after any entry with that key and before larger ones.
  private int[] heap = new int[16];
  private int size;
  private long[][] source = new long[16][];
  private int[] next = new int[16];
  private int[] last = new int[16];
  private long[] end = new long[16];
  private long[] key = new long[16];
  private int[] column = new int[16];
  private int cursors;

  private long regenerations;

  /** After {@link #takeNext} returned -2: every entry up to here has been taken. */
  long stoppedAt;

  WorkingColumn(RipsFiltration f, ReducedColumns reduced, int dim) {
    this.f = f;
    this.cofacets = new Cofacets(f);
    this.reduced = reduced;
    this.dim = dim;
  }

  /** Columns regenerated beyond their prefixes so far. */
  long regenerations() {
    return regenerations;
  }

  /** Starts a column from the given entries (a coboundary, each entry once). */
  void start(long[] keys, int count) {
    entries.fill(keys, count);
    Arrays.fill(source, 0, cursors, null); // regenerated entries are garbage now
    size = 0;
    cursors = 0;
    known = false;
  }

  /** The pivot, the smallest entry left over Z/2; -1 if the column is zero. */
  long pivot() {
    return search(true);
  }

  /**
   * The entry after the pivot, which is given up (for storing the reduced column's prefix): -1 if
   * none is left, -2 if the next entry lies beyond a stored prefix and {@code regenerate} is false,
   * in which case every entry up to {@link #stoppedAt} has been taken.
   */
  long takeNext(boolean regenerate) {
    known = false;
    return search(regenerate);
  }

  /** Adds the stored reduced column whose pivot is this column's pivot. */
  void addColumn(int j) {
    known = false;
    int from = reduced.prefixFrom(j);
    int to = reduced.prefixTo(j);
    long bound = reduced.bound(j);
    if (from == to && bound == ReducedColumns.WHOLE) {
      return;
    }
    int id = newCursor();
    column[id] = j;
    source[id] = reduced.prefixes();
    next[id] = from;
    last[id] = to;
    end[id] = bound;
    key[id] = from < to ? reduced.prefixAt(from) : bound;
    push(id);
  }

  /** Adds the coboundary of a simplex whose first cofacet is this column's pivot. */
  void addCoboundary(long simplex) {
    known = false;
    generate(simplex, head);
  }

  private long search(boolean regenerate) {
    while (!known) {
      long r = entries.pivot();
      if (size == 0) {
        return found(r);
      }
      int top = heap[0];
      long c = key[top];
      if (next[top] == last[top]) { // the end of a prefix, exact up to c
        if (r >= 0 && r <= c) {
          return found(r);
        }
        if (!regenerate) {
          stoppedAt = c;
          return -2;
        }
        beyond(top);
        continue;
      }
      if (r >= 0 && r < c) {
        return found(r);
      }
      boolean odd = false;
      if (r == c) {
        entries.popPivot();
        odd = true;
      }
      while (size > 0 && next[heap[0]] < last[heap[0]] && key[heap[0]] == c) {
        advance(heap[0]);
        odd = !odd;
      }
      if (odd) {
        head = c;
        known = true;
      }
    }
    return head;
  }

  /**
   * The top cursor's column beyond its prefix's end, regenerated from its record: its first entries
   * (at least double the stored prefix) sorted, with pairs cancelled, walked by the cursor and
   * appended to the stored prefix while the budget lasts. The rest is left for the next time the
   * cursor runs out: selecting the first entries costs one pass where sorting all would cost
   * several, and a search rarely goes far past a prefix.
   */
  private void beyond(int id) {
    regenerations++;
    int j = column[id];
    long bound = end[id];
    int count = collect(reduced.simplex(j), bound, 0);
    for (int i = reduced.recordFrom(j), to = reduced.recordTo(j); i < to; i++) {
      count = collect(reduced.recordAt(i), bound, count);
    }
    int length = reduced.prefixTo(j) - reduced.prefixFrom(j);
    int wanted = (int) Math.min(Integer.MAX_VALUE / 4, Math.max(2L * length, GROWN));
    int selected = count;
    long exactTo = ReducedColumns.WHOLE;
    if (count > 2 * wanted) {
      exactTo = quantile(buffer, count, wanted);
      selected = partition(buffer, count, exactTo);
      if (selected == count) {
        exactTo = ReducedColumns.WHOLE;
      }
    }
    Arrays.sort(buffer, 0, selected);
    int odd = cancelPairs(buffer, selected);
    long[] rest = Arrays.copyOf(buffer, odd);
    // Stored only where the stored prefix ends (an earlier regeneration may not have fitted).
    if (bound == reduced.bound(j) && reduced.room() >= length + (long) odd) {
      reduced.extend(j, rest, odd, exactTo);
    }
    if (odd == 0 && exactTo == ReducedColumns.WHOLE) {
      removeTop();
      return;
    }
    source[id] = rest;
    next[id] = 0;
    last[id] = odd;
    end[id] = exactTo;
    key[id] = odd > 0 ? rest[0] : exactTo;
    siftDown(0, id);
  }

  /**
   * A key about the {@code wanted}-th smallest of {@code a[0 .. count)} and above it, from an
   * evenly spaced sample: the entries up to it are at least about {@code wanted} and few more.
   */
  private static long quantile(long[] a, int count, int wanted) {
    long[] sample = new long[SAMPLE];
    for (int s = 0; s < SAMPLE; s++) {
      sample[s] = a[(int) ((long) count * s / SAMPLE)];
    }
    Arrays.sort(sample);
    return sample[(int) Math.min(SAMPLE - 1, (long) SAMPLE * wanted / count + SAMPLE / 64)];
  }

  private static final int SAMPLE = 512;

  /** Moves the entries up to {@code cutoff} to the front and returns how many there are. */
  private static int partition(long[] a, int count, long cutoff) {
    int front = 0;
    for (int i = 0; i < count; i++) {
      long x = a[i];
      if (x <= cutoff) {
        a[i] = a[front];
        a[front++] = x;
      }
    }
    return front;
  }

  /** Removes the keys occurring an even number of times from the sorted a[0 .. count). */
  private static int cancelPairs(long[] a, int count) {
    int kept = 0;
    for (int i = 0; i < count; ) {
      int j = i + 1;
      while (j < count && a[j] == a[i]) {
        j++;
      }
      if (((j - i) & 1) == 1) {
        a[kept++] = a[i];
      }
      i = j;
    }
    return kept;
  }

  /** Appends the cofacets of the simplex after {@code above} and within the threshold to buffer. */
  private int collect(long simplex, long above, int count) {
    if (dim == 1) {
      if (edgeCofacets == null) {
        edgeCofacets = new EdgeCofacets(f);
      }
      if (buffer.length - count < f.n) {
        buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, count + f.n));
      }
      return edgeCofacets.collect(simplex, above, buffer, count);
    }
    int threshold = f.thresholdRank;
    cofacets.start(simplex, dim);
    while (cofacets.hasNext(true)) {
      long c = cofacets.next();
      if (c > above && f.rankOf(c) <= threshold) {
        if (count == buffer.length) {
          buffer = Arrays.copyOf(buffer, count * 2);
        }
        buffer[count++] = c;
      }
    }
    return count;
  }

  /** Pushes the cofacets of the simplex after {@code above} and within the threshold. */
  private void generate(long simplex, long above) {
    int threshold = f.thresholdRank;
    cofacets.start(simplex, dim);
    while (cofacets.hasNext(true)) {
      long c = cofacets.next();
      if (c > above && f.rankOf(c) <= threshold) {
        entries.push(c);
      }
    }
  }

  private long found(long r) {
    if (r >= 0) {
      entries.popPivot();
    }
    head = r;
    known = true;
    return r;
  }

  private int newCursor() {
    if (cursors == key.length) {
      int grown = cursors * 2;
      source = Arrays.copyOf(source, grown);
      next = Arrays.copyOf(next, grown);
      last = Arrays.copyOf(last, grown);
      end = Arrays.copyOf(end, grown);
      key = Arrays.copyOf(key, grown);
      column = Arrays.copyOf(column, grown);
      heap = Arrays.copyOf(heap, grown);
    }
    return cursors++;
  }

  /** Moves the top cursor to its next entry (or to its end) and restores the heap. */
  private void advance(int id) {
    int at = ++next[id];
    if (at < last[id]) {
      key[id] = source[id][at];
    } else if (end[id] == ReducedColumns.WHOLE) {
      removeTop();
      return;
    } else {
      key[id] = end[id];
    }
    siftDown(0, id);
  }

  /** Whether cursor a comes before cursor b: by key, a real entry before a prefix's end. */
  private boolean before(int a, int b) {
    long ka = key[a];
    long kb = key[b];
    return ka < kb || (ka == kb && next[a] < last[a] && next[b] == last[b]);
  }

  private void push(int id) {
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(id, heap[parent])) {
        break;
      }
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = id;
  }

  private void removeTop() {
    int lastId = heap[--size];
    if (size > 0) {
      siftDown(0, lastId);
    }
  }

  private void siftDown(int i, int id) {
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && before(heap[right], heap[child])) {
        child = right;
      }
      if (!before(heap[child], id)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = id;
  }
}
