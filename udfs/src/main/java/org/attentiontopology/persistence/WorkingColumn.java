package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * The column being reduced, over Z/2, as a lazy sum of sorted sources merged by a heap of cursors:
 * one cursor per reduced column added, walking that column's stored prefix ({@link
 * ReducedColumns}), and, in dimension 1 given each vertex's neighbours in filtration order, one per
 * coboundary (the column's own and those of apparent pairs' facets), walked a few entries at a time
 * ({@link EdgeCoboundary}). In higher dimensions the coboundaries are pushed whole into a heap of
 * single entries ({@link CoboundaryHeap}) beside the cursors. Adding a column or a coboundary is
 * then one cursor, and only the entries up to the next pivot are ever touched: a column adds
 * apparent pairs' coboundaries by the hundred and reads a few entries of each.
 *
 * <p>A cursor whose prefix runs out before the pivot is found regenerates its column's next entries
 * from the record ({@link ColumnRegeneration}), walks them, and appends them to the stored prefix
 * while the pool of memory lasts ({@link PrefixMemory}): the columns that are added deep are few
 * and are added again, so each is regenerated a few times rather than at every addition. Past that
 * memory the cursor walks what it regenerated without storing it.
 *
 * <p>The pivot, once found, is taken out of the sources and held: adding a column whose pivot it is
 * cancels it, and the added column contributes only its entries past the pivot.
 */
final class WorkingColumn {
  /** Entries a coboundary's cursor takes at a time, at least. */
  static final int CHUNK = 8;

  /**
   * Entries one regeneration asks for at most (8 MB), however long the prefix has grown: doubling
   * it each time keeps the regenerations of a column few, but a prefix of tens of millions of
   * entries (softmax rows of 4096 points) would ask for as many again, and run a 4 GB heap out.
   */
  static final int REGENERATED_AT_MOST = 1 << 20;

  private final RipsFiltration f;
  private final Cofacets cofacets;
  private final ReducedColumns reduced;
  private final int dim;
  private final NeighboursByRank lists; // dimension 1 with lazy coboundaries, else null
  private final ColumnRegeneration regeneration;
  private final CoboundaryHeap entries = new CoboundaryHeap();
  private final int grown; // a prefix that runs out grows to at least this many entries

  private long head; // the pivot, taken out of the sources; -1 for a zero column
  private boolean known; // whether head is the pivot of the sum

  // Cursor id walks source[id] from next[id] to last[id]. A stored column's cursor (column[id] >=
  // 0) walks its column's first entries and then its segments (following[id]), which hold all of
  // its entries up to end[id]; after the last it stands at end[id] until its column is regenerated
  // beyond, after any entry with that key and before larger ones. A
  // coboundary's cursor (column -1) walks chunks of coboundary[id], refilled as soon as one is used
  // up, so it never stands at an end.
  private long[][] source = new long[16][];
  private int[] next = new int[16];
  private int[] last = new int[16];
  private long[] end = new long[16];
  private int[] column = new int[16];
  private int[] following = new int[16]; // a stored column's segment after source[id], or NONE
  private EdgeCoboundary[] coboundary = new EdgeCoboundary[16];
  private int cursors;

  // The cursors in a 4-ary min-heap: slot i holds cursor id[i] at position code[i], its next key
  // shifted left with the low bit set at an end, so that an entry comes before an end of the same
  // key; codes compare as unsigned numbers, stored with the sign bit flipped to compare as longs.
  private long[] code = new long[16];
  private int[] id = new int[16];
  private int size;

  private long regenerations;

  /**
   * @param lists each vertex's neighbours in filtration order, for lazy coboundaries in dimension
   *     1; null to generate coboundaries whole
   * @param prefix entries of a column's prefix as it is reduced, at most; one that runs out grows
   *     to at least eight times that
   */
  WorkingColumn(
      RipsFiltration f, ReducedColumns reduced, int dim, NeighboursByRank lists, int prefix) {
    this.f = f;
    this.cofacets = new Cofacets(f);
    this.reduced = reduced;
    this.dim = dim;
    this.lists = lists;
    this.grown = 8 * prefix;
    this.regeneration = new ColumnRegeneration(f, reduced, dim, lists);
  }

  /** Columns regenerated beyond their prefixes so far. */
  long regenerations() {
    return regenerations;
  }

  /** Starts a column from the given entries (a coboundary, each entry once). */
  void start(long[] keys, int count) {
    entries.fill(keys, count);
    reset();
  }

  /**
   * Starts the column of an edge from its coboundary, walked lazily (dimension 1 with neighbour
   * lists); returns its first cofacet without taking it, -1 if it has none.
   */
  long startEdge(long edge) {
    entries.clear();
    reset();
    addLazy(edge, -1);
    return size > 0 ? keyOf(code[0]) : -1;
  }

  private void reset() {
    Arrays.fill(source, 0, cursors, null); // regenerated entries are garbage now
    size = 0;
    cursors = 0;
    known = false;
  }

  /** The pivot, the smallest entry left over Z/2; -1 if the column is zero. */
  long pivot() {
    return search();
  }

  /**
   * The entry after the pivot, which is given up (for storing the reduced column's prefix): -1 if
   * none is left.
   */
  long takeNext() {
    known = false;
    return search();
  }

  /** Adds the stored reduced column whose pivot is this column's pivot. */
  void addColumn(int j) {
    known = false;
    long bound = reduced.bound(j);
    if (reduced.prefixLength(j) == 0 && bound == ReducedColumns.WHOLE) {
      return;
    }
    int c = newCursor();
    column[c] = j;
    end[c] = bound;
    int s = reduced.headSegment(j);
    if (reduced.firstTo(j) > reduced.firstFrom(j) || s == ReducedColumns.NONE) {
      source[c] = reduced.firstEntries();
      next[c] = reduced.firstFrom(j);
      last[c] = reduced.firstTo(j);
      following[c] = s;
    } else {
      source[c] = reduced.segment(s);
      next[c] = 0;
      last[c] = source[c].length;
      following[c] = reduced.nextSegment(s);
    }
    push(c, next[c] < last[c] ? entry(source[c][next[c]]) : endAt(bound));
  }

  /** Adds the coboundary of a simplex whose first cofacet is this column's pivot. */
  void addCoboundary(long simplex) {
    known = false;
    if (lists != null) {
      addLazy(simplex, head);
    } else {
      generate(simplex, head);
    }
  }

  /** A cursor over the edge's coboundary past {@code after}. */
  private void addLazy(long edge, long after) {
    int c = newCursor();
    EdgeCoboundary walk = coboundary[c];
    if (walk == null) {
      walk = coboundary[c] = new EdgeCoboundary(f, lists);
    }
    walk.start(edge);
    if (after >= 0) {
      walk.skipTo(after);
    }
    int count = walk.fill(CHUNK);
    if (count == 0) {
      cursors--;
      return;
    }
    column[c] = -1;
    source[c] = walk.buffer();
    next[c] = 0;
    last[c] = count;
    push(c, entry(source[c][0]));
  }

  private long search() {
    while (!known) {
      long r = entries.pivot();
      if (size == 0) {
        return found(r);
      }
      long top = code[0];
      long c = keyOf(top);
      if (isEnd(top)) { // the end of a prefix, exact up to c
        if (r >= 0 && r <= c) {
          return found(r);
        }
        beyond(id[0]);
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
      while (size > 0 && code[0] == top) {
        advance();
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
   * The top cursor's column beyond its prefix's end, regenerated from its record (at least double
   * the stored prefix, up to {@link #REGENERATED_AT_MOST}), walked by the cursor and appended to
   * the stored prefix while the memory lasts.
   */
  private void beyond(int c) {
    regenerations++;
    int j = column[c];
    long bound = end[c];
    int length = reduced.prefixLength(j);
    int wanted = (int) Math.min(REGENERATED_AT_MOST, Math.max(2L * length, grown));
    int count = regeneration.regenerate(j, bound, wanted);
    long exactTo = regeneration.exactTo();
    long[] rest = Arrays.copyOf(regeneration.entries(), count);
    // Stored only where the stored prefix ends (an earlier regeneration may not have fitted).
    if (bound == reduced.bound(j)) {
      reduced.reserve(count);
      if (reduced.room() >= count) {
        reduced.extend(j, rest, count, exactTo);
      }
    }
    if (count == 0 && exactTo == ReducedColumns.WHOLE) {
      removeTop();
      return;
    }
    source[c] = rest;
    next[c] = 0;
    last[c] = count;
    end[c] = exactTo;
    following[c] = ReducedColumns.NONE;
    siftDown(0, c, count > 0 ? entry(rest[0]) : endAt(exactTo));
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
    if (cursors == column.length) {
      int grown = cursors * 2;
      source = Arrays.copyOf(source, grown);
      next = Arrays.copyOf(next, grown);
      last = Arrays.copyOf(last, grown);
      end = Arrays.copyOf(end, grown);
      column = Arrays.copyOf(column, grown);
      following = Arrays.copyOf(following, grown);
      coboundary = Arrays.copyOf(coboundary, grown);
      code = Arrays.copyOf(code, grown);
      id = Arrays.copyOf(id, grown);
    }
    return cursors++;
  }

  /** Moves the top cursor to its next entry (or to its end) and restores the heap. */
  private void advance() {
    int c = id[0];
    int at = ++next[c];
    long to;
    if (at < last[c]) {
      to = entry(source[c][at]);
    } else if (column[c] >= 0 && following[c] != ReducedColumns.NONE) {
      int s = following[c];
      source[c] = reduced.segment(s);
      next[c] = 0;
      last[c] = source[c].length;
      following[c] = reduced.nextSegment(s);
      to = entry(source[c][0]);
    } else if (column[c] < 0) {
      int count = coboundary[c].fill(CHUNK);
      if (count == 0) {
        removeTop();
        return;
      }
      source[c] = coboundary[c].buffer();
      next[c] = 0;
      last[c] = count;
      to = entry(source[c][0]);
    } else if (end[c] == ReducedColumns.WHOLE) {
      removeTop();
      return;
    } else {
      to = endAt(end[c]);
    }
    siftDown(0, c, to);
  }

  private static long entry(long key) {
    return (key << 1) ^ Long.MIN_VALUE;
  }

  private static long endAt(long key) {
    return ((key << 1) | 1) ^ Long.MIN_VALUE;
  }

  private static long keyOf(long code) {
    return (code ^ Long.MIN_VALUE) >>> 1;
  }

  private static boolean isEnd(long code) {
    return (code & 1) != 0;
  }

  private void push(int c, long at) {
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 2;
      if (code[parent] <= at) {
        break;
      }
      code[i] = code[parent];
      id[i] = id[parent];
      i = parent;
    }
    code[i] = at;
    id[i] = c;
  }

  private void removeTop() {
    size--;
    if (size > 0) {
      siftDown(0, id[size], code[size]);
    }
  }

  private void siftDown(int i, int c, long at) {
    while (true) {
      int child = 4 * i + 1;
      if (child >= size) {
        break;
      }
      int least = child;
      long leastCode = code[child];
      for (int k = child + 1, to = Math.min(child + 4, size); k < to; k++) {
        if (code[k] < leastCode) {
          leastCode = code[k];
          least = k;
        }
      }
      if (at <= leastCode) {
        break;
      }
      code[i] = leastCode;
      id[i] = id[least];
      i = least;
    }
    code[i] = at;
    id[i] = c;
  }
}
