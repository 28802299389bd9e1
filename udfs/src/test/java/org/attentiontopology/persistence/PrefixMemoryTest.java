package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The pool the reductions draw their prefixes from: it never grants more than it has, every
 * reduction gives back all it drew, and reductions that share a pool too small for all of them at
 * once still find Ripser's bars (a reduction that keeps nothing, budget 0).
 */
class PrefixMemoryTest {
  @Test
  void grantsNoMoreThanItHasAndTakesBackWhatItGave() {
    PrefixMemory memory = new PrefixMemory(100);
    assertEquals(60, memory.take(60));
    assertEquals(40, memory.take(60)); // only 40 left
    assertEquals(0, memory.take(1));
    memory.giveBack(100);
    assertEquals(100, memory.free());
    assertEquals(0, new PrefixMemory(-5).take(1), "a negative pool is empty");
  }

  private static PersistenceDiagram reduce(RipsFiltration f, CohomologyReduction reduction) {
    long[] columns = RipsPersistence.zeroDimensional(f, new ArrayList<>());
    PersistenceDiagram.Builder bars = new PersistenceDiagram.Builder(1);
    reduction.reduce(columns, 1, new PivotTable(columns.length), bars);
    return bars.build();
  }

  /** Prefixes of {@code prefix} entries drawn from {@code memory}, the engine's other settings. */
  private static CohomologyReduction.Settings settings(PrefixMemory memory, int prefix) {
    return new CohomologyReduction.Settings(memory, prefix, true, ReducedColumns.SEGMENT);
  }

  private static RipsFiltration filtration(int seed) {
    Random rnd = new Random(seed);
    DistanceMatrix d = RipsPersistenceTest.randomMetric(rnd, 24 + rnd.nextInt(16), 6);
    return new RipsFiltration(d, 1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
  }

  @Test
  void aReductionGivesBackAllItDrew() {
    PrefixMemory memory = new PrefixMemory(5_000);
    long kept = 0;
    for (int seed = 0; seed < 10; seed++) {
      RipsFiltration f = filtration(1700 + seed);
      CohomologyReduction reduction = new CohomologyReduction(f, settings(memory, 2));
      PersistenceDiagram bars = reduce(f, reduction);
      assertEquals(
          reduce(f, new CohomologyReduction(f, CohomologyReduction.Settings.plain())),
          bars,
          "seed " + seed);
      kept += reduction.prefixEntries();
      assertEquals(5_000, memory.free(), "seed " + seed + ": the pool is whole again");
    }
    assertTrue(kept > 0, "prefixes were kept");
  }

  @Test
  void reductionsSharingAPoolTooSmallForAllFindRipsersBars() throws Exception {
    PrefixMemory memory = new PrefixMemory(150);
    List<RipsFiltration> filtrations = new ArrayList<>();
    for (int seed = 0; seed < 24; seed++) {
      filtrations.add(filtration(1800 + seed));
    }
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<PersistenceDiagram>> shared = new ArrayList<>();
      for (RipsFiltration f : filtrations) {
        shared.add(
            threads.submit(() -> reduce(f, new CohomologyReduction(f, settings(memory, 1)))));
      }
      for (int i = 0; i < filtrations.size(); i++) {
        RipsFiltration f = filtrations.get(i);
        assertEquals(
            reduce(f, new CohomologyReduction(f, CohomologyReduction.Settings.plain())),
            shared.get(i).get(),
            "input " + i);
      }
    } finally {
      threads.shutdown();
    }
    assertEquals(150, memory.free(), "every reduction gave back what it drew");
  }
}
