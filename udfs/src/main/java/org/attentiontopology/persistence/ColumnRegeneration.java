package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * A reduced column's entries past a bound, regenerated from its record (the simplices whose
 * coboundaries sum to it; {@link ReducedColumns}): only its first entries past the bound, sorted,
 * pairs cancelled, since a search rarely goes far past a stored prefix and the rest is regenerated
 * again if it does.
 *
 * <p>In dimension 1, given each vertex's neighbours in filtration order, each edge of the record is
 * walked lazily ({@link EdgeCoboundary}) from the bound up to one diameter, chosen so that the
 * window holds about the entries wanted from the density of the stored prefix, and doubled until it
 * does: the cost is what lies in the window, where generating every coboundary costs the record's
 * length times the vertices' degrees (on softmax rows of 2048 points, 5.5 G cofacets generated for
 * 100 M kept). Otherwise every coboundary is generated and the first entries selected by a sampled
 * cut and one partition pass, at least as cheap as sorting them all.
 */
final class ColumnRegeneration {
  private final RipsFiltration f;
  private final ReducedColumns reduced;
  private final int dim;
  private final NeighboursByRank lists;
  private final Cofacets cofacets;
  private EdgeCoboundary[] walkers = new EdgeCoboundary[16];
  private long[] buffer = new long[1024];
  private long exactTo;

  /**
   * @param lists each vertex's neighbours in filtration order, for walking edges' coboundaries
   *     lazily in dimension 1; null to generate them whole
   */
  ColumnRegeneration(RipsFiltration f, ReducedColumns reduced, int dim, NeighboursByRank lists) {
    this.f = f;
    this.reduced = reduced;
    this.dim = dim;
    this.lists = lists;
    this.cofacets = new Cofacets(f);
  }

  /**
   * Column j's first entries past {@code bound}, at least about {@code wanted} unless fewer are
   * left, sorted, in {@link #entries} from 0; returns how many, with {@link #exactTo} the key up to
   * which they are all of the column's entries.
   */
  int regenerate(int j, long bound, int wanted) {
    return lists != null ? walk(j, bound, wanted) : select(j, bound, wanted);
  }

  long[] entries() {
    return buffer;
  }

  /** After {@link #regenerate}: every entry of the column up to this key was returned. */
  long exactTo() {
    return exactTo;
  }

  private int walk(int j, long bound, int wanted) {
    int from = reduced.recordFrom(j);
    int k = 1 + reduced.recordTo(j) - from;
    if (walkers.length < k) {
      walkers = Arrays.copyOf(walkers, Math.max(k, 2 * walkers.length));
    }
    for (int i = 0; i < k; i++) {
      if (walkers[i] == null) {
        walkers[i] = new EdgeCoboundary(f, lists);
      }
      walkers[i].start(i == 0 ? reduced.simplex(j) : reduced.recordAt(from + i - 1));
      walkers[i].skipTo(bound);
    }
    int top = f.thresholdRank;
    int r = f.rankOf(bound);
    long step = Math.max(1, (top - r) / 64);
    int length = reduced.prefixLength(j);
    if (length >= DENSITY_FROM) {
      int first = f.rankOf(reduced.prefixStart(j));
      step = Math.max(1, (r - first + 1L) * wanted / length);
    }
    int count = 0;
    while (true) {
      int last = (int) Math.min(top, r + step);
      int before = count;
      for (int i = 0; i < k; i++) {
        int c = walkers[i].collect(last);
        if (buffer.length - count < c) {
          buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, count + c));
        }
        System.arraycopy(walkers[i].buffer(), 0, buffer, count, c);
        count += c;
      }
      Arrays.sort(buffer, before, count);
      count = Z2Chain.cancelPairs(buffer, before, count);
      if (last >= top) {
        exactTo = ReducedColumns.WHOLE;
        return count;
      }
      if (count >= wanted) {
        exactTo = f.key(last, 0); // the last key of that diameter
        return count;
      }
      r = last;
      step *= 2;
    }
  }

  /** Stored prefixes at least this long give the density of a column's entries. */
  private static final int DENSITY_FROM = 16;

  private int select(int j, long bound, int wanted) {
    int count = collect(reduced.simplex(j), bound, 0);
    for (int i = reduced.recordFrom(j), to = reduced.recordTo(j); i < to; i++) {
      count = collect(reduced.recordAt(i), bound, count);
    }
    int selected = count;
    exactTo = ReducedColumns.WHOLE;
    if (count > 2 * wanted) {
      exactTo = quantile(buffer, count, wanted);
      selected = partition(buffer, count, exactTo);
      if (selected == count) {
        exactTo = ReducedColumns.WHOLE;
      }
    }
    Arrays.sort(buffer, 0, selected);
    return Z2Chain.cancelPairs(buffer, 0, selected);
  }

  /** Appends the cofacets of the simplex after {@code above} and within the threshold to buffer. */
  private int collect(long simplex, long above, int count) {
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
}
