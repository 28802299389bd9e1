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
 *
 * <p>Why segments: a prefix is its first entries, taken as the column is reduced and kept in one
 * array shared by all columns, then the segments that regenerations beyond it appended, each an
 * array of at most {@link #SEGMENT} entries linked from the one before. Nothing stored moves or is
 * copied again, so the memory drawn is the memory used: one store that moved each lengthened prefix
 * to its end needed compacting and, at hundreds of millions of entries, a contiguous array as large
 * again to grow into, which ran a 4 GB heap out on softmax rows of 4096 points.
 */
final class ReducedColumns {
  /** A bound above every key: the prefix is the whole reduced column. */
  static final long WHOLE = Long.MAX_VALUE;

  /**
   * Entries of one segment at most (512 KB): below the size at which G1 gives an array whole
   * regions of its own, so that segments pack the heap.
   */
  static final int SEGMENT = 1 << 16;

  /** No segment. */
  static final int NONE = -1;

  private final long[] simplices;
  private final PrefixMemory memory;
  private final int segmentLength;
  private long granted; // entries drawn from memory
  private long kept; // entries stored, within granted
  private final int[] recordStart;
  private long[] record = new long[64];
  private int recordSize;
  private final int[] firstFrom;
  private final int[] firstTo;
  private long[] first = new long[64];
  private int firstSize;
  private final int[] headSegment; // a column's first segment, NONE if none
  private final int[] tailSegment; // its last, to append to
  private final int[] length; // its entries, first ones and segments
  private long[][] segment = new long[16][];
  private int[] nextSegment = new int[16];
  private int segments;
  private final long[] bound;
  private int done;

  /**
   * @param simplices the columns' simplices, in reduction order
   * @param memory the pool the prefix entries are drawn from; once none is left, columns keep their
   *     record only
   */
  ReducedColumns(long[] simplices, PrefixMemory memory) {
    this(simplices, memory, SEGMENT);
  }

  /** As above, with segments of at most {@code segmentLength} entries (tests take short ones). */
  ReducedColumns(long[] simplices, PrefixMemory memory, int segmentLength) {
    this.simplices = simplices;
    this.memory = memory;
    this.segmentLength = segmentLength;
    int n = simplices.length;
    recordStart = new int[n + 1];
    firstFrom = new int[n];
    firstTo = new int[n];
    headSegment = new int[n];
    tailSegment = new int[n];
    length = new int[n];
    bound = new long[n];
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
   * close, its prefix {@code entries[0 .. count)} (within the room drawn), exact up to {@code
   * exactTo} ({@link #WHOLE} when it is the whole column).
   */
  void close(long[] entries, int count, long exactTo) {
    if (firstSize + count > first.length) {
      first = Arrays.copyOf(first, Math.max(2 * first.length, firstSize + count));
    }
    System.arraycopy(entries, 0, first, firstSize, count);
    firstFrom[done] = firstSize;
    firstSize += count;
    firstTo[done] = firstSize;
    headSegment[done] = NONE;
    tailSegment[done] = NONE;
    length[done] = count;
    bound[done] = exactTo;
    kept += count;
    done++;
    recordStart[done] = recordSize;
  }

  /**
   * Lengthens the prefix of a closed column by the next entries of its reduced column, {@code
   * tail[0 .. count)}, all of them past its bound and in order, which with them is exact up to
   * {@code exactTo}; within the room drawn. The array is kept as it is where it is one segment's
   * worth or less and exactly {@code count} long, and must not change afterwards.
   */
  void extend(int column, long[] tail, int count, long exactTo) {
    for (int from = 0; from < count; from += segmentLength) {
      int to = Math.min(count, from + segmentLength);
      long[] part = from == 0 && to == tail.length ? tail : Arrays.copyOfRange(tail, from, to);
      append(column, part);
    }
    length[column] += count;
    kept += count;
    bound[column] = exactTo;
  }

  private void append(int column, long[] part) {
    if (segments == segment.length) {
      segment = Arrays.copyOf(segment, 2 * segments);
      nextSegment = Arrays.copyOf(nextSegment, 2 * segments);
    }
    int s = segments++;
    segment[s] = part;
    nextSegment[s] = NONE;
    if (tailSegment[column] == NONE) {
      headSegment[column] = s;
    } else {
      nextSegment[tailSegment[column]] = s;
    }
    tailSegment[column] = s;
  }

  /** Prefix entries that still fit the memory drawn so far. */
  long room() {
    return granted - kept;
  }

  /**
   * Draws more memory, if the pool has it, so that {@link #room} holds {@code more} entries: at
   * least as much again as drawn so far, so that a growing store draws a logarithmic number of
   * times.
   */
  void reserve(long more) {
    long lacking = more - room();
    if (lacking > 0) {
      granted += memory.take(Math.max(lacking, granted));
    }
  }

  /** Gives the memory drawn back to the pool; the store is not used afterwards. */
  void release() {
    memory.giveBack(granted);
    granted = 0;
    first = null;
    segment = null;
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

  /** The array holding every column's first entries (stored entries never change). */
  long[] firstEntries() {
    return first;
  }

  /** Where the column's first entries lie in {@link #firstEntries}. */
  int firstFrom(int column) {
    return firstFrom[column];
  }

  int firstTo(int column) {
    return firstTo[column];
  }

  /** The column's first segment past its first entries, {@link #NONE} if none. */
  int headSegment(int column) {
    return headSegment[column];
  }

  /** A segment's entries: the whole array. */
  long[] segment(int s) {
    return segment[s];
  }

  /** The segment after {@code s} in its column's prefix, {@link #NONE} if none. */
  int nextSegment(int s) {
    return nextSegment[s];
  }

  /** Entries in the column's prefix. */
  int prefixLength(int column) {
    return length[column];
  }

  /** The first entry of the column's prefix, which must not be empty. */
  long prefixStart(int column) {
    return firstTo[column] > firstFrom[column]
        ? first[firstFrom[column]]
        : segment[headSegment[column]][0];
  }

  long bound(int column) {
    return bound[column];
  }

  /** Segments appended to prefixes so far. */
  int segments() {
    return segments;
  }

  /** Prefix entries kept now, within the memory drawn. */
  long prefixEntries() {
    return kept;
  }
}
