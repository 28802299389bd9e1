package org.attentiontopology.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The radix order against a comparison sort by (length, decreasing index). */
class FiltrationOrderTest {

  @Test
  void sameOrderAsAComparisonSortWithTiesAndAThreshold() {
    Random rnd = new Random(11);
    for (int trial = 0; trial < 60; trial++) {
      int n = 2 + rnd.nextInt(90);
      double[] tri = new double[(int) DistanceMatrix.triangleLength(n)];
      for (int k = 0; k < tri.length; k++) {
        // few distinct values (ties), both signs of zero, values over several binades, and values
        // crowded below 1 that share their high 32 bits (in runs short and long, with ties),
        // including low halves past 2^31
        tri[k] =
            switch (trial % 6) {
              case 0 -> rnd.nextInt(5) / 4.0;
              case 1 -> rnd.nextBoolean() ? -0.0 : 0.0;
              case 2 -> Math.scalb(rnd.nextDouble(), -rnd.nextInt(40));
              case 3 -> Math.nextDown(1.0) - rnd.nextInt(3 * n) * Math.ulp(0.9);
              case 4 -> 0.75 + rnd.nextInt(n / 8 + 1) * 0x1p-22 + rnd.nextInt(1 << 30) * 0x1p-52;
              default -> rnd.nextDouble();
            };
      }
      double threshold = trial % 3 == 0 ? 0.5 : Double.POSITIVE_INFINITY;
      Integer[] expected =
          java.util.stream.IntStream.range(0, tri.length)
              .filter(k -> tri[k] <= threshold)
              .boxed()
              .toArray(Integer[]::new);
      Arrays.sort(
          expected,
          Comparator.<Integer>comparingDouble(k -> tri[k] + 0.0)
              .thenComparing(Comparator.<Integer>reverseOrder()));
      FiltrationOrder.Sorted s = FiltrationOrder.sorted(n, tri, threshold);
      int[] sorted = s.edges();
      int[] indices = new int[sorted.length];
      for (int k = 0; k < sorted.length; k++) {
        int i = sorted[k] >>> 16;
        indices[k] = i * (i - 1) / 2 + (sorted[k] & 0xffff);
        assertEquals(
            Double.doubleToRawLongBits(tri[indices[k]] + 0.0),
            s.lengthBits()[k],
            "trial " + trial + ": the bits of the edge's own length, -0.0 as 0.0");
      }
      assertArrayEquals(
          Arrays.stream(expected).mapToInt(Integer::intValue).toArray(), indices, "trial " + trial);
    }
  }
}
