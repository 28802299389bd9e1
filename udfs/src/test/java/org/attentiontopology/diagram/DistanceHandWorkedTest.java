package org.attentiontopology.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.attentiontopology.persistence.PersistenceDiagram;
import org.junit.jupiter.api.Test;

/** Small cases worked out by hand (the arithmetic is in the comments). */
class DistanceHandWorkedTest {
  static final double INF = Double.POSITIVE_INFINITY;

  static PersistenceDiagram d(int dim, double... bd) {
    PersistenceDiagram.Builder b = new PersistenceDiagram.Builder(dim);
    for (int i = 0; i < bd.length; i += 2) {
      b.add(bd[i], bd[i + 1]);
    }
    return b.build();
  }

  @Test
  void onePointEach() {
    // (0,1) vs (0.25,1.5): pair cost max(0.25, 0.5) = 0.5; diagonals 0.5 and 0.625, so both to
    // diagonal is 0.625.
    PersistenceDiagram a = d(1, 0, 1);
    PersistenceDiagram b = d(1, 0.25, 1.5);
    assertEquals(0.5, BottleneckDistance.distance(a, b), 0);
    assertEquals(0.5, WassersteinDistance.distance(a, b, 1), 0); // vs 0.5 + 0.625
    assertEquals(0.5, WassersteinDistance.distance(a, b, 2), 0);
  }

  @Test
  void farApartPointsGoToTheDiagonal() {
    // (0,1) vs (5,5.5): pair cost 5; diagonals 0.5 and 0.25.
    PersistenceDiagram a = d(1, 0, 1);
    PersistenceDiagram b = d(1, 5, 5.5);
    assertEquals(0.5, BottleneckDistance.distance(a, b), 0);
    assertEquals(0.75, WassersteinDistance.distance(a, b, 1), 0);
    assertEquals(Math.sqrt(0.25 + 0.0625), WassersteinDistance.distance(a, b, 2), 1e-15);
  }

  @Test
  void againstTheEmptyDiagramEveryPointGoesToTheDiagonal() {
    // (1,3) and (2,6): half persistences 1 and 2.
    PersistenceDiagram a = d(1, 1, 3, 2, 6);
    PersistenceDiagram e = PersistenceDiagram.empty(1);
    assertEquals(2, BottleneckDistance.distance(a, e), 0);
    assertEquals(2, BottleneckDistance.distance(e, a), 0);
    assertEquals(3, WassersteinDistance.distance(a, e, 1), 0);
    assertEquals(Math.sqrt(5), WassersteinDistance.distance(e, a, 2), 1e-15);
    assertEquals(0, BottleneckDistance.distance(e, e), 0);
    assertEquals(0, WassersteinDistance.distance(e, e, 1), 0);
  }

  @Test
  void duplicatePointsNeedTheirOwnPartners() {
    // {(0,2),(0,2)} vs {(0,2)}: one copy matches at cost 0, the other goes to the diagonal at cost
    // 1.
    PersistenceDiagram a = d(1, 0, 2, 0, 2);
    PersistenceDiagram b = d(1, 0, 2);
    assertEquals(1, BottleneckDistance.distance(a, b), 0);
    assertEquals(1, WassersteinDistance.distance(a, b, 1), 0);
  }

  @Test
  void zeroLengthBarsCostNothing() {
    PersistenceDiagram a = d(1, 1, 1, 2, 2);
    assertEquals(0, BottleneckDistance.distance(a, PersistenceDiagram.empty(1)), 0);
    assertEquals(0, WassersteinDistance.distance(a, PersistenceDiagram.empty(1), 2), 0);
  }

  @Test
  void orderPreservingMatchBeatsCrossingAndDiagonal() {
    // A = {(0,10),(0,4)}, B = {(0,6),(0,9)}: (0,10)-(0,9) costs 1 and (0,4)-(0,6) costs 2 (max 2,
    // sum 3, squares 5);
    // the crossing matching costs 4 and 5; the diagonal costs 5, 2, 3, 4.5 are no better.
    PersistenceDiagram a = d(1, 0, 10, 0, 4);
    PersistenceDiagram b = d(1, 0, 6, 0, 9);
    assertEquals(2, BottleneckDistance.distance(a, b), 0);
    assertEquals(3, WassersteinDistance.distance(a, b, 1), 0);
    assertEquals(Math.sqrt(5), WassersteinDistance.distance(a, b, 2), 1e-15);
  }

  @Test
  void tiedCandidatesGiveThatValueExactly() {
    // (0,1) vs (0.5,1.5): pair cost 0.5 equals both half persistences.
    assertEquals(0.5, BottleneckDistance.distance(d(1, 0, 1), d(1, 0.5, 1.5)), 0);
  }

  @Test
  void essentialPointsMatchSortedByBirth() {
    // essential births {0, 1} vs {0.5, 3}: pairs (0, 0.5) and (1, 3), costs 0.5 and 2.
    PersistenceDiagram a = d(0, 0, INF, 1, INF);
    PersistenceDiagram b = d(0, 3, INF, 0.5, INF);
    assertEquals(2, BottleneckDistance.distance(a, b), 0);
    assertEquals(2.5, WassersteinDistance.distance(a, b, 1), 0);
    assertEquals(Math.sqrt(4.25), WassersteinDistance.distance(a, b, 2), 1e-15);
    // plus a finite point (0, 6) on one side only: to the diagonal at 3, which now dominates the
    // bottleneck.
    PersistenceDiagram a2 = d(0, 0, INF, 1, INF, 0, 6);
    assertEquals(3, BottleneckDistance.distance(a2, b), 0);
    assertEquals(5.5, WassersteinDistance.distance(a2, b, 1), 0);
  }

  @Test
  void differentEssentialCountsAreInfinitelyFar() {
    PersistenceDiagram a = d(0, 0, INF, 0, 1);
    PersistenceDiagram b = d(0, 0, 1);
    assertEquals(INF, BottleneckDistance.distance(a, b));
    assertEquals(INF, WassersteinDistance.distance(b, a, 1));
  }

  @Test
  void differentDimensionsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> BottleneckDistance.distance(d(0, 0, 1), d(1, 0, 1)));
    assertTrue(
        e.getMessage().contains("dimension 0") && e.getMessage().contains("dimension 1"),
        e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> WassersteinDistance.distance(d(0, 0, 1), d(1, 0, 1), 1));
  }

  @Test
  void orderBelowOneIsRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> WassersteinDistance.distance(d(1, 0, 1), d(1, 0, 1), 0.5));
    assertTrue(e.getMessage().contains(">= 1"), e.getMessage());
  }
}
