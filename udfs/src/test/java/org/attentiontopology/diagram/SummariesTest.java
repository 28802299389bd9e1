package org.attentiontopology.diagram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.attentiontopology.persistence.PersistenceDiagram;
import org.junit.jupiter.api.Test;

/**
 * Statistics, barcode features, landscapes and images on diagrams small enough to work out by hand.
 */
class SummariesTest {
  static final double INF = Double.POSITIVE_INFINITY;

  // Bars [0,1), [0,3), [1,inf): finite lengths 1 and 3.
  static final PersistenceDiagram D = DistanceHandWorkedTest.d(0, 0, 1, 0, 3, 1, INF);

  @Test
  void statistics() {
    DiagramStatistics s = DiagramStatistics.of(D);
    assertEquals(3, s.barCount());
    assertEquals(2, s.finiteBarCount());
    assertEquals(4, s.totalPersistence(), 0);
    assertEquals(3, s.maxPersistence(), 0);
    // p = (1/4, 3/4): -(0.25 ln 0.25 + 0.75 ln 0.75)
    assertEquals(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), s.entropy(), 1e-15);
    assertArrayEquals(new double[] {3, 2, 4, 3, s.entropy()}, s.asVector(), 0);
    assertEquals(DiagramStatistics.VECTOR_NAMES.length, s.asVector().length);
  }

  @Test
  void entropyConventions() {
    assertEquals(0, DiagramStatistics.entropy(PersistenceDiagram.empty(1)), 0);
    assertEquals(0, DiagramStatistics.entropy(DistanceHandWorkedTest.d(1, 0, INF, 2, 2)), 0);
    // k equal lengths: ln k; a zero-length bar adds nothing.
    assertEquals(
        Math.log(3),
        DiagramStatistics.entropy(DistanceHandWorkedTest.d(1, 0, 1, 5, 6, 2, 3, 4, 4)),
        1e-15);
  }

  @Test
  void bettiNumbersCountBarsAliveAtTheThreshold() {
    assertEquals(0, DiagramStatistics.bettiNumber(D, -0.1));
    assertEquals(2, DiagramStatistics.bettiNumber(D, 0)); // born at 0: alive
    assertEquals(2, DiagramStatistics.bettiNumber(D, 1)); // [0,1) dead at 1, [1,inf) born
    assertEquals(1, DiagramStatistics.bettiNumber(D, 3)); // [0,3) dead at 3
    assertEquals(1, DiagramStatistics.bettiNumber(D, 1e300));
    assertArrayEquals(
        new int[] {2, 2, 1}, DiagramStatistics.bettiCurve(D, new double[] {0.5, 2, 5}));
  }

  @Test
  void barcodeFeaturesDropInfiniteBars() {
    BarcodeFeatures f = BarcodeFeatures.of(D);
    // lengths 1 and 3: mean 2, population variance 1; longest [0,3)
    assertArrayEquals(
        new double[] {4, 2, 1, 1, DiagramStatistics.entropy(D), 2, 0, 3}, f.asVector(), 1e-15);
    assertEquals(1, BarcodeFeatures.dyingAfter(D, 2));
    assertEquals(1, BarcodeFeatures.dyingBefore(D, 2));
    assertEquals(
        2, BarcodeFeatures.bornAfter(D, 0)); // inclusive, as the authors count; [1,inf) is removed
    assertEquals(2, BarcodeFeatures.bornBefore(D, 0.5));
    assertArrayEquals(new double[8], BarcodeFeatures.of(PersistenceDiagram.empty(1)).asVector(), 0);
  }

  @Test
  void kushnarevaFeatures() {
    PersistenceDiagram h0 = DistanceHandWorkedTest.d(0, 0, 0.2, 0, 0.6, 0, 0.8, 0, INF);
    PersistenceDiagram h1 = DistanceHandWorkedTest.d(1, 0.3, 0.5, 0.8, 0.9);
    double[] v = BarcodeFeatures.kushnareva14(h0, h1);
    assertEquals(14, v.length);
    assertEquals(14, BarcodeFeatures.KUSHNAREVA_NAMES.length);
    double h0Entropy = DiagramStatistics.entropy(h0);
    double h1Entropy = DiagramStatistics.entropy(h1);
    // h0 deaths 0.2, 0.6, 0.8: one >= 0.75, two >= 0.5, one <= 0.25. h1 bars [0.3,0.5) and
    // [0.8,0.9): lengths 0.2 and
    // 0.1 (sum 0.3, standard deviation 0.05), the longest born at 0.3, both born >= 0.25 and <=
    // 0.95, one <= 0.70.
    assertArrayEquals(
        new double[] {1.6, h0Entropy, 0.8, 1, 2, 1, 0.3, 2, 2, 1, 0.3, h1Entropy, 0.05, 2},
        v,
        1e-12);
  }

  @Test
  void landscapeOfTwoNestedBars() {
    // tents of [0,2) and [0.5,1.5) sampled at 0, 0.5, 1, 1.5, 2
    PersistenceDiagram d = DistanceHandWorkedTest.d(1, 0, 2, 0.5, 1.5, 3, INF);
    double[] l = PersistenceLandscape.sample(d, 3, 0, 2, 5);
    assertArrayEquals(new double[] {0, 0.5, 1, 0.5, 0, 0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0}, l, 1e-15);
  }

  @Test
  void persistenceImageOfOnePoint() {
    // One bar [0.2, 0.7): point (0.2, 0.5), weight 0.5. Pixel centres of a 4x4 image on [0,1]^2 are
    // 0.125 + k/4.
    PersistenceDiagram d = DistanceHandWorkedTest.d(1, 0.2, 0.7, 0, INF);
    PersistenceImage image = new PersistenceImage(0, 1, 0, 1, 4, 0.1);
    double[] px = image.compute(d);
    double norm = 1 / (2 * Math.PI * 0.01);
    // row 1 (persistence 0.375), column 0 (birth 0.125)
    double expected =
        0.5
            * norm
            * Math.exp(-((0.125 - 0.2) * (0.125 - 0.2) + (0.375 - 0.5) * (0.375 - 0.5)) / 0.02);
    assertEquals(expected, px[1 * 4 + 0], 1e-12);
    // A fine image over a wide range integrates to the weight.
    PersistenceImage fine = new PersistenceImage(-1, 2, -1, 2, 300, 0.1);
    double sum = 0;
    for (double v : fine.compute(d)) {
      sum += v;
    }
    assertEquals(0.5, sum * (3.0 / 300) * (3.0 / 300), 1e-6);
  }
}
