package org.attentiontopology.persistence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The reduction of {@link CohomologyReduction} by several threads at once, lock-free, after Morozov
 * and Nigmetov ("Towards lockfree persistent homology", 2020), as giotto-ph does for Ripser.
 * Threads take columns in reduction order and reduce them independently against a shared pivot
 * table. A column that finds its pivot owned by an earlier column adds it, as in the sequential
 * algorithm; one that finds it owned by a later column takes it over and then goes on reducing the
 * displaced column. Columns are thus only ever added to later ones, so the result is a reduction of
 * the same matrix, and a reduced matrix has the same pivots however it was reached: the pairs and
 * the bars are those of the sequential reduction, whatever the number of threads or the timing.
 *
 * <p>Each column publishes its state as one immutable array, {@code [pivot, added simplices...]},
 * before claiming a pivot; a reader that finds a column's state with another pivot than the one it
 * looked up retries the look-up.
 */
final class ParallelCohomologyReduction {
  private static final int CHUNK = 8;

  private final RipsFiltration f;
  private final int threads;
  private final ReductionProgress progress;

  ParallelCohomologyReduction(RipsFiltration f, int threads, ReductionProgress progress) {
    this.f = f;
    this.threads = threads;
    this.progress = progress;
  }

  /**
   * Reduces as {@link CohomologyReduction#reduce} does; {@code progress} hears once, when the
   * dimension is done (the reduction kept for comparison).
   */
  void reduce(long[] columns, int dim, PivotTable pivots, PersistenceDiagram.Builder bars) {
    ConcurrentPivotTable table = new ConcurrentPivotTable(columns.length);
    AtomicReferenceArray<long[]> states = new AtomicReferenceArray<>(columns.length);
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> workers = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      Thread worker =
          new Thread(
              () -> {
                try {
                  Worker w = new Worker(columns, dim, table, states);
                  for (int from = next.getAndAdd(CHUNK);
                      from < columns.length;
                      from = next.getAndAdd(CHUNK)) {
                    for (int c = from; c < Math.min(from + CHUNK, columns.length); c++) {
                      w.reduce(c);
                    }
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "rips-reduction-" + t);
      worker.setDaemon(true);
      workers.add(worker);
      worker.start();
    }
    for (Thread worker : workers) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reducing", e);
      }
    }
    if (failure.get() != null) {
      throw new IllegalStateException("parallel reduction failed", failure.get());
    }
    for (int c = 0; c < columns.length; c++) {
      long pivot = states.get(c)[0];
      int birth = f.rankOf(columns[c]);
      if (pivot < 0) {
        f.addUnpaired(bars, birth);
      } else {
        pivots.put(f.indexOf(pivot), c);
        if (f.rankOf(pivot) > birth) {
          bars.add(f.value(birth), f.value(f.rankOf(pivot)));
        }
      }
    }
    progress.reduced(dim, columns.length, columns.length);
  }

  /** One thread's scratch space and its reduction loop. */
  private final class Worker {
    private final long[] columns;
    private final int dim;
    private final ConcurrentPivotTable table;
    private final AtomicReferenceArray<long[]> states;
    private final Cofacets cofacets = new Cofacets(f);
    private final ApparentPairs apparent = new ApparentPairs(f);
    private final CoboundaryHeap working = new CoboundaryHeap();
    private final CoboundaryHeap added = new CoboundaryHeap();
    private long[] buffer = new long[64];

    Worker(
        long[] columns, int dim, ConcurrentPivotTable table, AtomicReferenceArray<long[]> states) {
      this.columns = columns;
      this.dim = dim;
      this.table = table;
      this.states = states;
    }

    void reduce(int c) {
      working.clear();
      added.clear();
      long pivot = initialPivot(columns[c]);
      boolean complete =
          pivot < 0 || !working.isEmpty(); // false: an emergent pivot, the column not generated
      while (true) {
        if (pivot < 0) {
          states.set(c, state(-1));
          return;
        }
        long index = f.indexOf(pivot);
        int owner = table.get(index);
        if (owner < 0) {
          long facet = apparent.apparentFacet(pivot, dim + 1);
          if (facet >= 0) {
            if (!complete) {
              pivot = generate(columns[c]);
              complete = true;
              continue;
            }
            addSimplex(facet);
            pivot = working.pivot();
            continue;
          }
          states.set(c, state(pivot));
          owner = table.claim(index, c);
          if (owner < 0) {
            return;
          }
        }
        if (owner == c) {
          return; // cannot happen: a column owns no pivot it has moved past; kept as a guard
        }
        if (!complete) {
          pivot = generate(columns[c]);
          complete = true;
          continue;
        }
        if (owner < c) {
          long[] other = states.get(owner);
          if (other == null || other[0] != pivot) {
            Thread
                .onSpinWait(); // the owner is being displaced or has not published yet: look again
            continue;
          }
          addSimplex(columns[owner]);
          for (int i = 1; i < other.length; i++) {
            addSimplex(other[i]);
          }
          pivot = working.pivot();
        } else {
          // An earlier column takes the pivot from a later one, which must then be reduced further.
          states.set(c, state(pivot));
          if (table.replace(index, owner, c)) {
            c = owner;
            pivot = regenerate(c);
            complete = true;
          }
        }
      }
    }

    private long[] state(long pivot) {
      long[] odd = added.oddEntries();
      long[] s = new long[odd.length + 1];
      s[0] = pivot;
      System.arraycopy(odd, 0, s, 1, odd.length);
      return s;
    }

    /**
     * Emergent pairs as in the sequential reduction; the table may be stale, so a pivot found may
     * be lost later.
     */
    private long initialPivot(long simplex) {
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
          if (table.get(f.indexOf(c)) < 0 && apparent.apparentFacet(c, dim + 1) < 0) {
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
     * The whole coboundary of the column's own simplex, after an emergent shortcut that did not
     * hold.
     */
    private long generate(long simplex) {
      working.clear();
      addCofacets(simplex);
      long[] more = added.oddEntries();
      for (long s : more) {
        addCofacets(s);
      }
      return working.pivot();
    }

    /** Restarts from a displaced column's published state. */
    private long regenerate(int c) {
      long[] s = states.get(c);
      working.clear();
      added.clear();
      addCofacets(columns[c]);
      for (int i = 1; i < s.length; i++) {
        added.push(s[i]);
        addCofacets(s[i]);
      }
      return working.pivot();
    }

    private void addSimplex(long simplex) {
      added.push(simplex);
      addCofacets(simplex);
    }

    private void addCofacets(long simplex) {
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
}
