package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a reduction tells its listener, and that listening changes no bar. */
class ReductionProgressTest {

  /**
   * Random distances in [1, 2], a metric (any two sides add up to at least the third), with far
   * more classes of dimension 1 than points in a Euclidean space give.
   */
  private static DistanceMatrix randomDistances(int n, long seed) {
    Random rnd = new Random(seed);
    double[][] full = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        full[i][j] = full[j][i] = 1 + rnd.nextDouble();
      }
    }
    return DistanceMatrix.fromFull(full);
  }

  /** Each call as {dimension, reduced, columns}, and the diagrams. */
  private static List<PersistenceDiagram> listen(
      RipsPersistence engine, DistanceMatrix d, List<long[]> heard) {
    return engine
        .reportingTo(
            (dimension, reduced, columns) -> heard.add(new long[] {dimension, reduced, columns}))
        .compute(d);
  }

  @Test
  void aReductionGoesFromNoColumnToAllColumnByColumnAndTheBarsAreUnchanged() {
    DistanceMatrix d = randomDistances(60, 8);
    RipsPersistence engine = new RipsPersistence(1);
    List<long[]> heard = new ArrayList<>();
    assertEquals(engine.compute(d), listen(engine, d, heard));
    assertTrue(heard.stream().allMatch(h -> h[0] == 1), "only dimension 1 is reduced");
    long columns = heard.get(0)[2];
    assertTrue(columns > 10, "enough columns to hear steps: " + columns);
    assertEquals(columns + 1, heard.size(), "before each column, and at the end");
    for (int k = 0; k < heard.size(); k++) {
      assertEquals(columns, heard.get(k)[2]);
      assertEquals(k, heard.get(k)[1], "call " + k);
    }
  }

  @Test
  void theParallelReductionTellsEachDimensionsEnd() {
    DistanceMatrix d = randomDistances(24, 9);
    RipsPersistence engine = new RipsPersistence(2, Double.POSITIVE_INFINITY, 2);
    List<long[]> heard = new ArrayList<>();
    assertEquals(engine.compute(d), listen(engine, d, heard));
    assertEquals(2, heard.size());
    for (int k = 0; k < 2; k++) {
      assertEquals(k + 1, heard.get(k)[0], "dimension");
      assertEquals(heard.get(k)[2], heard.get(k)[1], "done");
    }
  }
}
