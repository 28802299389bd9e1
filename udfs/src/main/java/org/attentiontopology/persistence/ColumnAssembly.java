package org.attentiontopology.persistence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The columns of the next dimension: every (k+1)-simplex within the threshold, met once from its
 * facet without its top vertex, becomes a column unless clearing or an apparent pair makes it
 * unnecessary. Clearing (Chen and Kerber 2011): a simplex that is the pivot of a column of
 * dimension k is paired already and its column would reduce to zero. The simplices are split into
 * contiguous blocks walked by separate threads; concatenating the blocks in order and sorting makes
 * the result independent of the number of threads.
 */
record ColumnAssembly(long[] columns, long[] simplices) {

  static ColumnAssembly assemble(
      RipsFiltration f,
      long[] simplices,
      int dim,
      PivotTable pivots,
      boolean keepSimplices,
      int threads) {
    int blocks =
        Math.max(1, Math.min(threads, simplices.length / 512)); // each simplex has up to n cofacets
    List<long[][]> parts = new ArrayList<>(blocks);
    if (blocks == 1) {
      parts.add(block(f, simplices, 0, simplices.length, dim, pivots, keepSimplices));
    } else {
      ExecutorService pool = Executors.newFixedThreadPool(blocks);
      try {
        List<Future<long[][]>> futures = new ArrayList<>(blocks);
        for (int b = 0; b < blocks; b++) {
          int from = (int) ((long) simplices.length * b / blocks);
          int to = (int) ((long) simplices.length * (b + 1) / blocks);
          futures.add(pool.submit(() -> block(f, simplices, from, to, dim, pivots, keepSimplices)));
        }
        for (Future<long[][]> future : futures) {
          parts.add(future.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while assembling columns", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("assembling columns failed", e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    long[] columns = concat(parts, 0);
    Arrays.sort(columns);
    RipsPersistence.reverse(columns);
    return new ColumnAssembly(columns, keepSimplices ? concat(parts, 1) : null);
  }

  /** Reads the pivot table only, which no thread writes while columns are assembled. */
  private static long[][] block(
      RipsFiltration f,
      long[] simplices,
      int from,
      int to,
      int dim,
      PivotTable pivots,
      boolean keepSimplices) {
    Cofacets cofacets = new Cofacets(f);
    ApparentPairs apparent = new ApparentPairs(f);
    LongList columns = new LongList();
    LongList next = new LongList();
    int threshold = f.thresholdRank;
    for (int s = from; s < to; s++) {
      cofacets.start(simplices[s], dim);
      while (cofacets.hasNext(false)) {
        long c = cofacets.next();
        if (f.rankOf(c) > threshold) {
          continue;
        }
        if (keepSimplices) {
          next.add(c);
        }
        if (!pivots.contains(f.indexOf(c)) && !apparent.inApparentPair(c, dim + 1)) {
          columns.add(c);
        }
      }
    }
    return new long[][] {columns.toArray(), next.toArray()};
  }

  private static long[] concat(List<long[][]> parts, int which) {
    int total = 0;
    for (long[][] p : parts) {
      total += p[which].length;
    }
    long[] out = new long[total];
    int at = 0;
    for (long[][] p : parts) {
      System.arraycopy(p[which], 0, out, at, p[which].length);
      at += p[which].length;
    }
    return out;
  }

  /** A growable array of longs. */
  private static final class LongList {
    private long[] a = new long[1024];
    private int size;

    void add(long x) {
      if (size == a.length) {
        a = Arrays.copyOf(a, size * 2);
      }
      a[size++] = x;
    }

    long[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }
}
