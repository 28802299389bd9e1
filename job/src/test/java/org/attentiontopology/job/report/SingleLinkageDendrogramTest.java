package org.attentiontopology.job.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.ZeroDimensionalPersistence;
import org.junit.jupiter.api.Test;

class SingleLinkageDendrogramTest {
  @Test
  void twoTightPairsAreNeighboursInTheLeafOrder() {
    // Points 0 and 2 are close, 1 and 3 are close; the pairs are far apart.
    double[][] d = {{0, 9, 1, 9}, {9, 0, 9, 2}, {1, 9, 0, 9}, {9, 2, 9, 0}};
    List<SingleLinkageDendrogram.Merge> merges = SingleLinkageDendrogram.mergesOf(d);
    assertEquals(
        List.of(
            new SingleLinkageDendrogram.Merge(0, 2, 1),
            new SingleLinkageDendrogram.Merge(1, 3, 2),
            new SingleLinkageDendrogram.Merge(0, 1, 9)),
        merges);
    SingleLinkageDendrogram tree = SingleLinkageDendrogram.fromMerges(4, merges);
    assertArrayEquals(new int[] {0, 2, 1, 3}, tree.leafOrder());
    // Three U shapes of three segments; the root spans x from the middle of (0, 1) to the middle of
    // (2, 3).
    assertEquals(9, tree.segments().size());
    SingleLinkageDendrogram.Segment top = tree.segments().get(7);
    assertEquals(new SingleLinkageDendrogram.Segment(0.5, 9, 2.5, 9), top);
  }

  @Test
  void mergeHeightsAreTheH0DeathsOfTheProjectsOwnPersistence() {
    Random random = new Random(3);
    int n = 25;
    double[][] d = new double[n][n];
    double[] lower = new double[n * (n - 1) / 2];
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        d[i][j] = d[j][i] = lower[i * (i - 1) / 2 + j] = random.nextDouble();
      }
    }
    double[] heights =
        SingleLinkageDendrogram.mergesOf(d).stream()
            .mapToDouble(SingleLinkageDendrogram.Merge::height)
            .sorted()
            .toArray();
    ZeroDimensionalPersistence.Result h0 =
        ZeroDimensionalPersistence.compute(
            DistanceMatrix.fromLowerTriangle(n, lower), Double.POSITIVE_INFINITY);
    double[] deaths = Arrays.copyOf(h0.mergeLength(), h0.merges());
    Arrays.sort(deaths);
    assertArrayEquals(deaths, heights, 0.0);

    // The merges the job writes (H0 pairs) give a tree with every leaf exactly once.
    List<SingleLinkageDendrogram.Merge> fromJob = new ArrayList<>();
    for (int k = 0; k < h0.merges(); k++) {
      fromJob.add(
          new SingleLinkageDendrogram.Merge(
              h0.mergeFrom()[k], h0.mergeTo()[k], h0.mergeLength()[k]));
    }
    int[] order = SingleLinkageDendrogram.fromMerges(n, fromJob).leafOrder();
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < n; i++) {
      assertEquals(i, sorted[i]);
    }
    // Every merge height appears as the top of exactly one U.
    long tops =
        SingleLinkageDendrogram.fromMerges(n, fromJob).segments().stream()
            .filter(s -> s.y0() == s.y1())
            .count();
    assertEquals(n - 1, tops);
  }

  @Test
  void missingMergesLeaveSeparateTreesSideBySide() {
    SingleLinkageDendrogram tree =
        SingleLinkageDendrogram.fromMerges(
            3, List.of(new SingleLinkageDendrogram.Merge(2, 0, 0.5)));
    int[] order = tree.leafOrder();
    assertEquals(3, order.length);
    assertTrue(Math.abs(indexOf(order, 2) - indexOf(order, 0)) == 1, "merged points adjacent");
  }

  @Test
  void aMergeWithinOneClusterIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SingleLinkageDendrogram.fromMerges(
                    3,
                    List.of(
                        new SingleLinkageDendrogram.Merge(0, 1, 1),
                        new SingleLinkageDendrogram.Merge(1, 0, 2))));
    assertTrue(e.getMessage().contains("not a spanning forest"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            SingleLinkageDendrogram.fromMerges(
                2, List.of(new SingleLinkageDendrogram.Merge(0, 5, 1))));
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void cutsIntoKClustersByTheLowestMerges() {
    // Points on a line at 0, 1, 5, 6, 20: merges (0,1) at 1, (2,3) at 1, (1,2) at 4, (3,4) at 14.
    List<SingleLinkageDendrogram.Merge> merges =
        List.of(
            new SingleLinkageDendrogram.Merge(3, 4, 14),
            new SingleLinkageDendrogram.Merge(0, 1, 1),
            new SingleLinkageDendrogram.Merge(1, 2, 4),
            new SingleLinkageDendrogram.Merge(2, 3, 1));
    assertArrayEquals(new int[] {0, 0, 0, 0, 0}, SingleLinkageDendrogram.clusters(5, merges, 1));
    assertArrayEquals(new int[] {0, 0, 0, 0, 1}, SingleLinkageDendrogram.clusters(5, merges, 2));
    assertArrayEquals(new int[] {0, 0, 1, 1, 2}, SingleLinkageDendrogram.clusters(5, merges, 3));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, SingleLinkageDendrogram.clusters(5, merges, 5));
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, SingleLinkageDendrogram.clusters(5, merges, 9));
  }
}
