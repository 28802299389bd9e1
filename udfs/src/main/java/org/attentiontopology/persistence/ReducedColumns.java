package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * The reduced columns of one dimension, kept so that a later column can add them. Each column keeps
 * two things. Its record, the simplices whose coboundaries were added to its own (Ripser's
 * reduction matrix), from which the whole reduced column can always be generated again. And, while
 * the memory drawn for them lasts ({@link PrefixMemory}), a prefix: its first entries after the
 * pivot, sorted, exact up to a bound (every entry of the reduced column up to the bound is in the
 * prefix).
 *
 * <p>Why a prefix and not the whole column: a column is added to cancel its pivot, and the
 * reduction stops at the first entry that does not cancel; on the benchmark's softmax rows of 512
 * points that entry lies a median of 4-8 and 99% within 256 entries past the added column's pivot,
 * while a reduced column holds thousands of entries and regenerating it from a record of about 18
 * simplices walks some 5,000 cofacets. So a short sorted prefix, merged lazily ({@link
 * WorkingColumn}), answers almost every addition, and the record answers the rest.
 */
final class ReducedColumns {
  /** A bound above every key: the prefix is the whole reduced column. */
  static final long WHOLE = Long.MAX_VALUE;

  /** The most prefix entries one store holds: they are one array. */
  static final long MAX_ENTRIES = Integer.MAX_VALUE - 16;

  private final long[] simplices;
  private final PrefixMemory memory;
  private long granted; // entries drawn from memory
  private final int[] recordStart;
  private long[] record = new long[64];
  private int recordSize;
  private final int[] prefixFrom;
  private final int[] prefixTo;
  private final long[] bound;
  private long[] prefix = new long[64];
  private int prefixSize; // entries in the store, the places left by extend included
  private long dead; // of those, the places left
  private long compactions;
  private int done;

  /**
   * @param simplices the columns' simplices, in reduction order
   * @param memory the pool the prefix entries are drawn from; once none is left, columns keep their
   *     record only
   */
  ReducedColumns(long[] simplices, PrefixMemory memory) {
    this.simplices = simplices;
    this.memory = memory;
    recordStart = new int[simplices.length + 1];
    prefixFrom = new int[simplices.length];
    prefixTo = new int[simplices.length];
    bound = new long[simplices.length];
  }

  long simplex(int column) {
    return simplices[column];
  }

  /** Appends a simplex to the record of the column being reduced (the next one). */
  void addToRecord(long simplex) {
    if (recordSize == record.length) {
      record = Arrays.copyOf(record, recordSize * 2);
    }
    record[recordSize++] = simplex;
  }

  /**
   * Closes the column being reduced (the next one): its record is what was appended since the last
   * close, its prefix {@code entries[0 .. count)}, exact up to {@code exactTo} ({@link #WHOLE} when
   * it is the whole column).
   */
  void close(long[] entries, int count, long exactTo) {
    ensure(count);
    System.arraycopy(entries, 0, prefix, prefixSize, count);
    prefixFrom[done] = prefixSize;
    prefixSize += count;
    prefixTo[done] = prefixSize;
    bound[done] = exactTo;
    done++;
    recordStart[done] = recordSize;
  }

  /**
   * Lengthens the prefix of a closed column by the next entries of its reduced column, {@code
   * tail[0 .. count)}, all of them past its bound and in order, which with them is exact up to
   * {@code exactTo}. The prefix moves to the end of the store; its old place is reclaimed by {@link
   * #compact}, not reused at once, so that entries stored never change while a column is reduced.
   */
  void extend(int column, long[] tail, int count, long exactTo) {
    int from = prefixFrom[column];
    int length = prefixTo[column] - from;
    ensure(length + count);
    int at = prefixSize;
    System.arraycopy(prefix, from, prefix, at, length);
    System.arraycopy(tail, 0, prefix, at + length, count);
    prefixSize += length + count;
    dead += length;
    prefixFrom[column] = at;
    prefixTo[column] = prefixSize;
    bound[column] = exactTo;
  }

  /** Prefix entries that still fit the memory drawn so far. */
  long room() {
    return Math.max(0, granted - prefixSize);
  }

  /**
   * Draws more memory, if the pool has it, so that {@link #room} holds {@code more} entries: at
   * least as much again as drawn so far, so that a growing store draws a logarithmic number of
   * times.
   */
  void reserve(long more) {
    long lacking = more - room();
    long most = MAX_ENTRIES - granted;
    if (lacking > 0 && most > 0) {
      granted += memory.take(Math.min(most, Math.max(lacking, granted)));
    }
  }

  /** Gives the memory drawn back to the pool; the store is not used afterwards. */
  void release() {
    memory.giveBack(granted);
    granted = 0;
    prefix = null;
  }

  /**
   * Whether {@link #compact} would give back a good part of the memory drawn when it is nearly used
   * up: prefixes that grow leave their old places behind, and at 2048 points and more the pool runs
   * out, after which every column added past its prefix is regenerated again at each addition.
   */
  boolean worthCompacting() {
    return dead > 0 && room() < granted / 8 && dead >= granted / 8;
  }

  /**
   * Moves the prefixes together, reclaiming the places that {@link #extend} left. Only between
   * columns: it moves stored entries, which cursors walk while a column is reduced.
   */
  void compact() {
    long[] byPlace = new long[done];
    int live = 0;
    for (int j = 0; j < done; j++) {
      if (prefixTo[j] > prefixFrom[j]) {
        byPlace[live++] = (long) prefixFrom[j] << 32 | j;
      }
    }
    Arrays.sort(byPlace, 0, live);
    int at = 0;
    for (int i = 0; i < live; i++) {
      int j = (int) byPlace[i];
      int length = prefixTo[j] - prefixFrom[j];
      System.arraycopy(prefix, prefixFrom[j], prefix, at, length);
      prefixFrom[j] = at;
      at += length;
      prefixTo[j] = at;
    }
    prefixSize = at;
    dead = 0;
    compactions++;
  }

  /** Times {@link #compact} ran. */
  long compactions() {
    return compactions;
  }

  private void ensure(int more) {
    if (prefixSize + more > prefix.length) {
      long needed = prefixSize + (long) more;
      long grown = Math.max(needed, Math.min(prefix.length * 2L, granted));
      prefix = Arrays.copyOf(prefix, (int) grown);
    }
  }

  int recordFrom(int column) {
    return recordStart[column];
  }

  int recordTo(int column) {
    return recordStart[column + 1];
  }

  long recordAt(int i) {
    return record[i];
  }

  int prefixFrom(int column) {
    return prefixFrom[column];
  }

  int prefixTo(int column) {
    return prefixTo[column];
  }

  long prefixAt(int i) {
    return prefix[i];
  }

  /**
   * The array holding the prefixes, valid at the positions of every prefix stored so far even after
   * the store grows (stored entries never change).
   */
  long[] prefixes() {
    return prefix;
  }

  long bound(int column) {
    return bound[column];
  }

  /** Prefix entries kept now, within the memory drawn. */
  long prefixEntries() {
    return prefixSize - dead;
  }
}
