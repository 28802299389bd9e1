package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * Reduces the coboundary matrix of one dimension, column by column in reverse filtration order
 * (persistent cohomology, Bauer 2021, section 3): a column is the coboundary of a simplex,
 * generated on the fly; while its pivot is owned by an earlier column, that column is added. A
 * column that ends with a new pivot t pairs its simplex s with t, a bar [diam s, diam t) when the
 * diameters differ; a column that vanishes is a class that lives to the end of the filtration
 * ({@link RipsFiltration#addUnpaired}).
 *
 * <p>Only the reduction matrix is stored (which simplices were added to each column), as in Ripser:
 * a reduced column is regenerated from it whenever it is needed again, which costs time but keeps
 * memory near the number of columns.
 */
final class CohomologyReduction {
  private final RipsFiltration f;
  private final Cofacets cofacets;
  private final ApparentPairs apparent;
  private final CoboundaryHeap working = new CoboundaryHeap();
  private final CoboundaryHeap added =
      new CoboundaryHeap(); // the simplices added to the current column, over Z/2
  private long[] buffer = new long[64];

  CohomologyReduction(RipsFiltration f) {
    this.f = f;
    this.cofacets = new Cofacets(f);
    this.apparent = new ApparentPairs(f);
  }

  /**
   * Reduces the columns of the given simplices of dimension {@code dim}, ordered as they must be
   * processed (filtration order reversed), records the pairs in {@code pivots} (pivot index to
   * column number) and the bars in {@code bars}.
   */
  void reduce(long[] columns, int dim, PivotTable pivots, PersistenceDiagram.Builder bars) {
    int[] start = new int[columns.length + 1];
    long[] reductions = new long[16];
    int stored = 0;
    for (int c = 0; c < columns.length; c++) {
      start[c] = stored;
      long simplex = columns[c];
      working.clear();
      added.clear();
      long pivot = initialPivot(simplex, dim, pivots);
      while (true) {
        if (pivot < 0) {
          f.addUnpaired(bars, f.rankOf(simplex));
          break;
        }
        long pivotIndex = f.indexOf(pivot);
        int owner = pivots.get(pivotIndex);
        if (owner >= 0) {
          addColumn(columns[owner], reductions, start[owner], start[owner + 1], dim);
        } else {
          long facet = apparent.apparentFacet(pivot, dim + 1);
          if (facet < 0) {
            if (f.rankOf(pivot) > f.rankOf(simplex)) {
              bars.add(f.value(f.rankOf(simplex)), f.value(f.rankOf(pivot)));
            }
            pivots.put(pivotIndex, c);
            for (long e = added.popPivot(); e >= 0; e = added.popPivot()) {
              if (stored == reductions.length) {
                reductions = Arrays.copyOf(reductions, stored * 2);
              }
              reductions[stored++] = e;
            }
            break;
          }
          // t is the partner of an apparent pair (facet, t): facet's coboundary is already reduced,
          // with pivot t.
          addSimplex(facet, dim);
        }
        pivot = working.pivot();
      }
    }
    start[columns.length] = stored;
  }

  /**
   * Generates the coboundary of the simplex into the working column and returns its pivot, stopping
   * early at an emergent pair: a cofacet of the same diameter comes first in the filtration among
   * all cofacets, so if no column owns it (and no apparent pair does) it is this column's pivot
   * without any reduction.
   */
  private long initialPivot(long simplex, int dim, PivotTable pivots) {
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
        buffer = Arrays.copyOf(buffer, count * 2);
      }
      buffer[count++] = c;
    }
    working.fill(buffer, count);
    return working.pivot();
  }

  /**
   * Adds a reduced column: the coboundaries of its simplex and of the simplices its reduction
   * added.
   */
  private void addColumn(long simplex, long[] reductions, int from, int to, int dim) {
    addSimplex(simplex, dim);
    for (int i = from; i < to; i++) {
      addSimplex(reductions[i], dim);
    }
  }

  private void addSimplex(long simplex, int dim) {
    added.push(simplex);
    int threshold = f.thresholdRank;
    cofacets.start(simplex, dim);
    while (cofacets.hasNext(true)) {
      long c = cofacets.next();
      if (f.rankOf(c) <= threshold) {
        working.push(c);
      }
    }
  }
}
