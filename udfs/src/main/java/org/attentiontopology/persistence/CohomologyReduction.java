package org.attentiontopology.persistence;

/**
 * Reduces the coboundary matrix of one dimension, column by column in reverse filtration order
 * (persistent cohomology, Bauer 2021, section 3): a column is the coboundary of a simplex,
 * generated on the fly; while its pivot is owned by an earlier column, that column is added. A
 * column that ends with a new pivot t pairs its simplex s with t, a bar [diam s, diam t) when the
 * diameters differ; a column that vanishes is a class that lives to the end of the filtration
 * ({@link RipsFiltration#addUnpaired}).
 *
 * <p>Ripser stores only the reduction matrix (which simplices were added to each column) and
 * regenerates a reduced column from it whenever it is added again; on broad attention rows of 512
 * points and more that regeneration is nearly all of the work, some 5,000 cofacets walked for each
 * addition. Here each reduced column also keeps a short sorted prefix of its entries after the
 * pivot, within memory drawn from a pool ({@link ReducedColumns}, {@link PrefixMemory}), which the
 * working column merges lazily ({@link WorkingColumn}); the record stays, for the additions that
 * reach past a prefix and for the columns past the memory.
 */
final class CohomologyReduction {
  /**
   * Entries of a reduced column kept past its pivot (its prefix) as it is reduced; a column added
   * deeper grows its prefix then ({@link WorkingColumn}). Short, because most columns are never
   * added again: on MiniLM heads of about 120 tokens a prefix of 128 made the reduction 2.6 times
   * as long as keeping none and a prefix of 4 only 3% longer; on the benchmark's softmax rows,
   * where keeping none is 6 times as long at 512 points, a prefix of 4 took 0.07 s there and 0.62 s
   * at 1024 points against 0.08 and 0.76 s for 128, with a third fewer entries kept.
   */
  static final int PREFIX = 4;

  private final RipsFiltration f;
  private final Cofacets cofacets;
  private final ApparentPairs apparent;
  private final Settings settings;
  private final ReductionProgress progress;
  private long[] buffer = new long[64];
  private long[] record = new long[64];
  private long prefixEntries;
  private long regenerations;
  private long segments;

  /**
   * How a reduction keeps what it has reduced: prefix entries drawn from {@code memory}, at most
   * {@code prefix} stored for a column as it is reduced, lengthened in segments of at most {@code
   * segment} entries; {@code lazyEdges} false generates every coboundary of dimension 1 whole, as
   * in higher dimensions. The engine takes {@link #ENGINE}; tests vary each setting (short prefixes
   * and segments, so that small inputs run past them) and hold the result to {@link #plain()}.
   */
  record Settings(PrefixMemory memory, int prefix, boolean lazyEdges, int segment) {
    /** Prefixes in the JVM's pool ({@link PrefixMemory#SHARED}), the engine's lengths. */
    static final Settings ENGINE =
        new Settings(PrefixMemory.SHARED, PREFIX, true, ReducedColumns.SEGMENT);

    /** Prefixes within a pool of {@code budget} entries of its own, in the engine's segments. */
    static Settings budget(long budget, int prefix, boolean lazyEdges) {
      return new Settings(new PrefixMemory(budget), prefix, lazyEdges, ReducedColumns.SEGMENT);
    }

    /**
     * Ripser's way: nothing kept, every added column regenerated from its record, every coboundary
     * generated whole.
     */
    static Settings plain() {
      return budget(0, 1, false);
    }
  }

  /** The engine's reduction ({@link Settings#ENGINE}). */
  CohomologyReduction(RipsFiltration f) {
    this(f, Settings.ENGINE, ReductionProgress.NONE);
  }

  CohomologyReduction(RipsFiltration f, Settings settings) {
    this(f, settings, ReductionProgress.NONE);
  }

  /** A reduction that tells {@code progress} how far it is. */
  CohomologyReduction(RipsFiltration f, Settings settings, ReductionProgress progress) {
    this.f = f;
    this.settings = settings;
    this.progress = progress;
    this.cofacets = new Cofacets(f);
    this.apparent = new ApparentPairs(f);
    this.prefix = new long[settings.prefix()];
  }

  /**
   * Reduces the columns of the given simplices of dimension {@code dim}, ordered as they must be
   * processed (filtration order reversed), records the pairs in {@code pivots} (pivot index to
   * column number) and the bars in {@code bars}.
   */
  void reduce(long[] columns, int dim, PivotTable pivots, PersistenceDiagram.Builder bars) {
    reduced = new ReducedColumns(columns, settings.memory(), settings.segment());
    try {
      reduceColumns(columns, dim, pivots, bars);
    } finally {
      prefixEntries = reduced.prefixEntries();
      segments = reduced.segments();
      reduced.release();
      reduced = null;
    }
  }

  private void reduceColumns(
      long[] columns, int dim, PivotTable pivots, PersistenceDiagram.Builder bars) {
    NeighboursByRank lists = dim == 1 && settings.lazyEdges() ? new NeighboursByRank(f) : null;
    WorkingColumn working = new WorkingColumn(f, reduced, dim, lists, prefix.length);
    Z2Chain added = new Z2Chain(f, dim); // the simplices added to the current column
    for (int c = 0; c < columns.length; c++) {
      if (progress != ReductionProgress.NONE) {
        progress.reduced(dim, c, columns.length);
      }
      long simplex = columns[c];
      added.clear();
      long pivot;
      if (lists != null) {
        pivot = working.startEdge(simplex);
        if (!isEmergent(pivot, f.rankOf(simplex), dim, pivots)) {
          pivot = -1;
        }
      } else {
        pivot = emergentPivot(simplex, dim, pivots);
      }
      boolean emergent = pivot >= 0;
      if (!emergent) {
        if (lists == null) {
          working.start(buffer, generated);
        }
        pivot = working.pivot();
      }
      while (!emergent) {
        if (pivot < 0) {
          f.addUnpaired(bars, f.rankOf(simplex));
          break;
        }
        int owner = pivots.get(f.indexOf(pivot));
        if (owner >= 0) {
          added.add(columns[owner]);
          for (int i = reduced.recordFrom(owner), to = reduced.recordTo(owner); i < to; i++) {
            added.add(reduced.recordAt(i));
          }
          working.addColumn(owner);
        } else {
          long facet = apparent.apparentFacet(pivot, dim + 1);
          if (facet < 0) {
            break;
          }
          // t is the partner of an apparent pair (facet, t): facet's coboundary is already reduced,
          // with pivot t.
          added.add(facet);
          working.addCoboundary(facet);
        }
        pivot = working.pivot();
      }
      if (pivot < 0) {
        reduced.close(prefix, 0, ReducedColumns.WHOLE);
        continue;
      }
      if (f.rankOf(pivot) > f.rankOf(simplex)) {
        bars.add(f.value(f.rankOf(simplex)), f.value(f.rankOf(pivot)));
      }
      pivots.put(f.indexOf(pivot), c);
      if (record.length < added.size()) {
        record = new long[Math.max(added.size(), 2 * record.length)];
      }
      for (int i = 0, kept = added.drain(record); i < kept; i++) {
        reduced.addToRecord(record[i]);
      }
      if (emergent) {
        reduced.close(prefix, 0, pivot);
      } else {
        long exactTo = storePrefix(pivot, working);
        // Regenerating other columns while taking the entries may have used up the room.
        long room = reduced.room();
        if (prefixLength > room) {
          prefixLength = (int) room;
          exactTo = room > 0 ? prefix[prefixLength - 1] : pivot;
        }
        reduced.close(prefix, prefixLength, exactTo);
      }
    }
    regenerations = working.regenerations();
    progress.reduced(dim, columns.length, columns.length);
  }

  /** Prefix entries the last {@link #reduce} kept, within the memory it drew. */
  long prefixEntries() {
    return prefixEntries;
  }

  /** Segments the last {@link #reduce} appended to prefixes it lengthened. */
  long segments() {
    return segments;
  }

  /** Columns the last {@link #reduce} regenerated beyond their prefixes. */
  long regenerations() {
    return regenerations;
  }

  private final long[] prefix;
  private int prefixLength;
  private ReducedColumns reduced;

  /**
   * Moves the entries after the pivot into {@code prefix}, as many as it holds and the memory has
   * room for; returns the key up to which they are the column's entries.
   */
  private long storePrefix(long pivot, WorkingColumn working) {
    long exactTo = pivot;
    prefixLength = 0;
    reduced.reserve(prefix.length);
    while (prefixLength < prefix.length && prefixLength < reduced.room()) {
      long e = working.takeNext();
      if (e == -1) {
        return ReducedColumns.WHOLE;
      }
      prefix[prefixLength++] = e;
      exactTo = e;
    }
    return exactTo;
  }

  private int generated; // cofacets in buffer

  /**
   * Whether a simplex's first cofacet {@code c} (-1 if none), of a simplex of rank r, is an
   * emergent pivot: of the same diameter, and neither owned by a column nor in an apparent pair.
   */
  private boolean isEmergent(long c, int r, int dim, PivotTable pivots) {
    return c >= 0
        && f.rankOf(c) == r
        && !pivots.contains(f.indexOf(c))
        && apparent.apparentFacet(c, dim + 1) < 0;
  }

  /**
   * The pivot of an emergent pair, or -1 after generating the simplex's coboundary into {@code
   * buffer}: a cofacet of the same diameter comes first in the filtration among all cofacets, so if
   * no column owns it (and no apparent pair does) it is this column's pivot without any reduction,
   * and the rest of the coboundary is never generated.
   */
  private long emergentPivot(long simplex, int dim, PivotTable pivots) {
    int r = f.rankOf(simplex);
    int threshold = f.thresholdRank;
    boolean lookForEmergent = true;
    int count = 0;
    cofacets.start(simplex, dim);
    while (cofacets.hasNext(true)) {
      long c = cofacets.next();
      int cr = f.rankOf(c);
      if (cr > threshold) {
        continue;
      }
      if (lookForEmergent && cr == r) {
        if (!pivots.contains(f.indexOf(c)) && apparent.apparentFacet(c, dim + 1) < 0) {
          return c;
        }
        lookForEmergent = false;
      }
      if (count == buffer.length) {
        buffer = java.util.Arrays.copyOf(buffer, count * 2);
      }
      buffer[count++] = c;
    }
    generated = count;
    return -1;
  }
}
