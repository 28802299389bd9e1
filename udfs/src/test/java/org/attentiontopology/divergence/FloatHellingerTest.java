package org.attentiontopology.divergence;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float Gram matrix's H^2 bounds against H^2 computed exactly (BigDecimal, 60 digits) on rows
 * chosen to be hard for it: nearly identical rows (H^2 a rounding error away from 0 next to a Gram
 * entry near 1), identical and one-hot rows, long rows (T = 512, the most roundings per entry),
 * uniform rows, weights in the float subnormal range (products that underflow), and rows mixing
 * weights near 1 with weights of 1e-30. Every value must be at most the exact H^2, and below it by
 * no more than the stated slack; and the Jensen-Shannon edges built on such rows must keep their
 * contract, bound <= length as computed.
 */
class FloatHellingerTest {
  private static final MathContext MC = new MathContext(60);

  /** Named row sets of one length each. */
  record Rows(String name, float[][] rows) {}

  static List<Rows> adversarialRows() {
    Random rnd = new Random(20261124);
    List<Rows> sets = new ArrayList<>();
    for (int t : new int[] {1, 7, 16, 135, 512}) {
      sets.add(new Rows("near-identical T=" + t, nearIdentical(rnd, 12, t)));
      float[][] peaked = JensenShannonEdgesTest.peakedRows(rnd, t);
      sets.add(new Rows("peaked T=" + t, java.util.Arrays.copyOf(peaked, Math.min(12, t))));
      sets.add(new Rows("one-hot T=" + t, oneHot(rnd, 10, t)));
      sets.add(new Rows("uniform T=" + t, uniform(6, t)));
      sets.add(new Rows("subnormal T=" + t, subnormal(rnd, 10, t)));
      sets.add(new Rows("wide range T=" + t, wideRange(rnd, 10, t)));
    }
    return sets;
  }

  /**
   * A peaked row and copies of it with a few entries moved by one float ulp, then renormalised in
   * float.
   */
  static float[][] nearIdentical(Random rnd, int n, int t) {
    float[] base = JensenShannonEdgesTest.peakedRows(rnd, Math.max(t, 1))[0];
    base = java.util.Arrays.copyOf(base, t);
    float[][] rows = new float[n][];
    for (int i = 0; i < n; i++) {
      float[] row = base.clone();
      for (int moved = 0; moved < i % 4; moved++) {
        int k = rnd.nextInt(t);
        row[k] = rnd.nextBoolean() ? Math.nextUp(row[k]) : Math.nextDown(row[k]);
        row[k] = Math.max(row[k], 0f);
      }
      rows[i] = row;
    }
    return rows;
  }

  static float[][] oneHot(Random rnd, int n, int t) {
    float[][] rows = new float[n][t];
    for (float[] row : rows) {
      row[rnd.nextInt(Math.min(t, 3))] = 1f; // few positions, so some rows are equal
    }
    return rows;
  }

  static float[][] uniform(int n, int t) {
    float[][] rows = new float[n][t];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(rows[i], i % 2 == 0 ? 1f / t : (float) (1.0 / t + (i + 1) * 1e-9));
    }
    return rows;
  }

  /**
   * Every weight a small multiple of the smallest float: roots near 2^-70, products that underflow.
   */
  static float[][] subnormal(Random rnd, int n, int t) {
    float[][] rows = new float[n][t];
    for (float[] row : rows) {
      for (int k = 0; k < t; k++) {
        row[k] = Float.MIN_VALUE * rnd.nextInt(4096);
      }
    }
    return rows;
  }

  /** One weight near 1, the rest around 1e-30 or 0. */
  static float[][] wideRange(Random rnd, int n, int t) {
    float[][] rows = new float[n][t];
    for (float[] row : rows) {
      for (int k = 0; k < t; k++) {
        row[k] = rnd.nextInt(3) == 0 ? 0f : (float) (1e-30 * rnd.nextDouble());
      }
      row[rnd.nextInt(t)] = 1f - 1e-6f * rnd.nextInt(3);
    }
    return rows;
  }

  /** Exact H^2 = (S_p + S_q) / 2 - sum sqrt(p q) and the Gram entry, to 60 digits. */
  static BigDecimal[] exact(float[] p, float[] q) {
    BigDecimal sp = BigDecimal.ZERO;
    BigDecimal sq = BigDecimal.ZERO;
    BigDecimal g = BigDecimal.ZERO;
    for (int k = 0; k < p.length; k++) {
      BigDecimal a = new BigDecimal(p[k]);
      BigDecimal b = new BigDecimal(q[k]);
      sp = sp.add(a);
      sq = sq.add(b);
      g = g.add(a.sqrt(MC).multiply(b.sqrt(MC), MC), MC);
    }
    BigDecimal h2 = sp.add(sq).multiply(new BigDecimal("0.5")).subtract(g, MC);
    return new BigDecimal[] {h2, g};
  }

  @Test
  void neverAboveTheExactValueAndWithinTheStatedSlack() {
    assumeTrue(
        VectorSupport.available() && FloatHellinger.supported(),
        "the float kernel needs the Vector API");
    int pairs = 0;
    for (Rows set : adversarialRows()) {
      float[][] rows = set.rows();
      int n = rows.length;
      int t = rows[0].length;
      double[][] wide = new double[n][];
      double[] sums = new double[n];
      for (int i = 0; i < n; i++) {
        wide[i] = MixtureEntropy.widen(rows[i]);
        for (int k = 0; k < t; k++) {
          sums[i] += wide[i][k];
        }
      }
      double[] triangle = new double[n * (n - 1) / 2];
      FloatHellinger.lowerTriangle(wide, sums, t, triangle);
      double slack = FloatHellinger.slackFactor(t);
      int at = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < i; j++) {
          BigDecimal[] e = exact(rows[i], rows[j]);
          BigDecimal bound = new BigDecimal(triangle[at]);
          String what =
              set.name() + " " + i + "," + j + ": bound " + triangle[at] + ", exact " + e[0];
          // The sums S are taken in double, off by at most T 2^-53 S each (JensenShannonEdges'
          // absolute slack of
          // 1e-12 nats covers that); beyond them the float Gram's error must be fully subtracted.
          double sumsRounding = t * 0x1p-52 * (sums[i] + sums[j]);
          double gap = e[0].subtract(bound).doubleValue();
          assertTrue(gap >= -sumsRounding, "above the exact H^2: " + what);
          // Below by the subtracted c_T G^ and the float error itself, each at most about c_T G.
          double allowed =
              2 * slack * (1 + slack) * e[1].doubleValue() + 4 * t * 0x1p-150 + sumsRounding;
          assertTrue(
              gap <= allowed, "looser than stated: gap " + gap + " > " + allowed + ", " + what);
          at++;
          pairs++;
        }
      }
    }
    assertTrue(pairs > 1200, "pairs " + pairs);
  }

  /**
   * The Jensen-Shannon edges' contract on the same rows normalised to probability vectors (as
   * attention rows are): bound <= length as computed, every pair, every base.
   */
  @Test
  void jensenShannonBoundsStayBelowTheLengths() {
    for (Rows set : adversarialRows()) {
      float[][] rows = new float[set.rows().length][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = set.rows()[i].clone();
        double sum = 0;
        for (float x : rows[i]) {
          sum += x;
        }
        if (sum > 0) {
          for (int k = 0; k < rows[i].length; k++) {
            rows[i][k] = (float) (rows[i][k] / sum);
          }
        }
      }
      for (LogBase base : LogBase.values()) {
        for (boolean sqrt : new boolean[] {true, false}) {
          JensenShannonEdges edges = new JensenShannonEdges(rows, base, sqrt);
          for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < i; j++) {
              assertTrue(
                  edges.lowerBound(i, j) <= edges.length(i, j),
                  set.name()
                      + " "
                      + base
                      + " sqrt="
                      + sqrt
                      + " "
                      + i
                      + ","
                      + j
                      + ": "
                      + edges.lowerBound(i, j)
                      + " > "
                      + edges.length(i, j));
            }
          }
        }
      }
    }
  }
}
