package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.attentiontopology.persistence.DistanceMatrix;
import org.junit.jupiter.api.Test;

/**
 * Jensen-Shannon distances between near-identical rows against a reference in 40-digit decimal
 * arithmetic: the sum of the positive series of JS in x = (p - q) / (p + q), which no rounding of
 * doubles touches.
 */
class CancellationFreeDivergenceTest {
  private static final MathContext MC = new MathContext(40);

  /**
   * JS(p, q) in nats: 1/4 sum (p + q) g(x), g(x) = sum x^(2k) / (k (2k - 1)), in decimal; |x| <=
   * 0.95.
   */
  static BigDecimal referenceNats(float[] p, float[] q) {
    BigDecimal sum = BigDecimal.ZERO;
    for (int k = 0; k < p.length; k++) {
      BigDecimal s = new BigDecimal(p[k]).add(new BigDecimal(q[k]));
      if (s.signum() == 0 || p[k] == q[k]) {
        continue;
      }
      BigDecimal x = new BigDecimal(p[k]).subtract(new BigDecimal(q[k])).divide(s, MC);
      sum = sum.add(s.multiply(referenceG(x), MC), MC);
    }
    return sum.divide(BigDecimal.valueOf(4), MC);
  }

  static BigDecimal referenceG(BigDecimal x) {
    if (x.abs().compareTo(new BigDecimal("0.95")) > 0) {
      throw new IllegalArgumentException("the series converges too slowly at x = " + x);
    }
    BigDecimal y = x.multiply(x, MC);
    BigDecimal power = BigDecimal.ONE;
    BigDecimal g = BigDecimal.ZERO;
    BigDecimal smallest = g;
    for (int k = 1; k < 2000; k++) {
      power = power.multiply(y, MC);
      BigDecimal term = power.divide(BigDecimal.valueOf((long) k * (2L * k - 1)), MC);
      g = g.add(term, MC);
      if (term.compareTo(g.multiply(new BigDecimal("1e-35"))) < 0) {
        return g;
      }
      smallest = term;
    }
    throw new IllegalStateException("series did not converge, last term " + smallest);
  }

  /**
   * A peaked row, as trained heads give: a few tokens with most of the mass and a tail of small
   * weights (1e-6 to 1e-4), whose float spacing (1e-13 to 1e-11) lets two rows differ by 1e-12.
   */
  static float[] peakedRow(Random rnd, int n) {
    float[] row = new float[n];
    double sum = 0;
    for (int k = 0; k < n; k++) {
      row[k] =
          k % 37 == 3 ? 0.2f + rnd.nextFloat() : (float) Math.pow(10, -6 + 2 * rnd.nextDouble());
      sum += row[k];
    }
    for (int k = 0; k < n; k++) {
      row[k] = (float) (row[k] / sum);
    }
    return row;
  }

  /**
   * The row with {@code moves} amounts near delta moved between pairs of entries whose float
   * spacing resolves them.
   */
  static float[] moved(Random rnd, float[] p, double delta, int moves) {
    float[] q = p.clone();
    for (int m = 0; m < moves; m++) {
      int from;
      int to;
      do {
        from = rnd.nextInt(p.length);
        to = rnd.nextInt(p.length);
      } while (from == to || !resolves(q[from], delta) || !resolves(q[to], delta));
      double amount = delta * (0.5 + rnd.nextDouble());
      q[from] = (float) (q[from] - amount);
      q[to] = (float) (q[to] + amount);
    }
    return q;
  }

  private static boolean resolves(float weight, double delta) {
    return weight >= 4 * delta && Math.ulp(weight) <= delta / 4;
  }

  @Test
  void distancesOfRowsDifferingBy1e7And1e12AreWithin1e9OfTheDecimalReference() {
    Random rnd = new Random(16);
    int entropyFormMisses = 0;
    for (double delta : new double[] {1e-7, 1e-12}) {
      for (int trial = 0; trial < 20; trial++) {
        int n = 64 + rnd.nextInt(200);
        float[] p = peakedRow(rnd, n);
        float[] q = moved(rnd, p, delta, 1 + rnd.nextInt(6));
        float[][] rows = {p, q, p.clone()};
        double reference = Math.sqrt(referenceNats(p, q).doubleValue() / Math.log(2));
        assertTrue(reference > 0, "the rows differ");
        String what = "delta " + delta + " trial " + trial + " n " + n;
        double fast = new JensenShannonEdges(rows, LogBase.TWO, true).length(1, 0);
        assertEquals(reference, fast, 1e-9 * reference, what);
        DistanceMatrix matrix = JensenShannon.distanceMatrix(rows, LogBase.TWO);
        assertEquals(reference, matrix.get(1, 0), 1e-9 * reference, what);
        assertEquals(0.0, matrix.get(2, 0), 0.0, "identical rows, " + what);
        double inNats = new JensenShannonEdges(rows, LogBase.E, false).length(0, 1);
        assertEquals(
            referenceNats(p, q).doubleValue(),
            inNats,
            1e-9 * inNats,
            "divergence in nats, " + what);
        double entropyForm =
            JensenShannon.distanceMatrixReference(rows, LogBase.TWO, true).get(1, 0);
        if (Math.abs(entropyForm - reference) > 1e-9 * reference) {
          entropyFormMisses++;
        }
      }
    }
    // The test has teeth: the entropy form H(m) - (H(p) + H(q)) / 2 misses the bound on such rows.
    assertTrue(
        entropyFormMisses >= 20,
        "the entropy form missed 1e-9 on only " + entropyFormMisses + " of 40");
  }

  @Test
  void gAgreesWithItsSeriesOnBothBranchesAndIsTwoLog2AtDisjointSupport() {
    Random rnd = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      double p = Math.pow(10, -8 * rnd.nextDouble());
      double q = p * Math.pow(10, (rnd.nextDouble() - 0.5) * (trial % 2 == 0 ? 1.2 : 1e-6));
      double sum = p + q;
      BigDecimal x = new BigDecimal(p).subtract(new BigDecimal(q)).divide(new BigDecimal(sum), MC);
      if (x.abs().compareTo(new BigDecimal("0.95")) > 0 || p == q) {
        continue;
      }
      // The decimal x is exact, the double sum is rounded: compare at the x the double code sees, p
      // and q exact.
      double reference = referenceG(x).doubleValue();
      double actual = CancellationFreeDivergence.g(p, q, sum);
      assertEquals(reference, actual, 1e-14 * reference, "p " + p + " q " + q);
    }
    assertEquals(2 * Math.log(2), CancellationFreeDivergence.g(0.25, 0.0, 0.25), 1e-15);
    assertEquals(2 * Math.log(2), CancellationFreeDivergence.g(0.0, 3e-40, 3e-40), 1e-15);
  }

  @Test
  void disjointRowsAreAtDistanceOneInBits() {
    double[] p = {0.5, 0.5, 0, 0};
    double[] q = {0, 0, 0.25, 0.75};
    assertEquals(Math.log(2), CancellationFreeDivergence.divergenceNats(p, q, 4), 1e-16);
    assertEquals(0.0, CancellationFreeDivergence.divergenceNats(p, p, 4), 0.0);
  }
}
