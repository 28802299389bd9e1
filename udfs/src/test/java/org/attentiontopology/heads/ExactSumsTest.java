package org.attentiontopology.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Exact sums against BigDecimal, whose doubleValue rounds the exact sum correctly (ties to even).
 */
class ExactSumsTest {

  private static double exact(List<Double> terms) {
    BigDecimal s = BigDecimal.ZERO;
    for (double x : terms) {
      s = s.add(new BigDecimal(x));
    }
    return s.doubleValue();
  }

  private static double split(List<Double> terms, int parts) {
    ExactSums total = new ExactSums(1);
    for (int p = 0; p < parts; p++) {
      ExactSums partial = new ExactSums(1);
      for (int i = p; i < terms.size(); i += parts) {
        partial.add(0, terms.get(i));
      }
      total.merge(partial);
    }
    return total.total(0);
  }

  @Test
  void anyOrderAndAnySplitGiveTheCorrectlyRoundedExactSumToTheBit() {
    Random rnd = new Random(1);
    for (int trial = 0; trial < 20; trial++) {
      List<Double> terms = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        // Mixed signs and magnitudes over 30 orders, so plain and compensated sums depend on the
        // order.
        double x = Math.pow(10, rnd.nextInt(30) - 15) * (rnd.nextDouble() - 0.3);
        terms.add(x);
      }
      double reference = exact(terms);
      for (int parts : new int[] {1, 2, 7, 64}) {
        Collections.shuffle(terms, rnd);
        assertEquals(
            Double.doubleToLongBits(reference),
            Double.doubleToLongBits(split(terms, parts)),
            "trial " + trial + ", " + parts + " parts");
      }
    }
  }

  @Test
  void tiesRoundToEvenOnTheExactValueNotOnAPartialSum() {
    double ulpAt1 = Math.ulp(1.0);
    // 1 + ulp/2 is a tie (rounds to 1); a further tiny positive term makes it round up, a negative
    // one down.
    List<List<Double>> cases =
        List.of(
            List.of(1.0, ulpAt1 / 2),
            List.of(1.0, ulpAt1 / 2, 1e-300),
            List.of(1.0 + ulpAt1, ulpAt1 / 2),
            List.of(1.0 + ulpAt1, ulpAt1 / 2, -1e-300),
            List.of(1e16, 1.0, -1e16),
            List.of(1e308, -1e308, 1e300),
            List.of(0.1, 0.2, -0.3));
    for (List<Double> terms : cases) {
      for (int parts : new int[] {1, 2, 3}) {
        assertEquals(exact(terms), split(terms, parts), 0.0, terms + " in " + parts + " parts");
      }
    }
    assertTrue(split(List.of(1.0, ulpAt1 / 2, 1e-300), 1) > 1.0);
  }

  @Test
  void recoversLowOrderBitsThatPlainSummationLoses() {
    ExactSums s = new ExactSums(1);
    s.add(0, 1e16);
    for (int i = 0; i < 1000; i++) {
      s.add(0, 1.0);
    }
    s.add(0, -1e16);
    assertEquals(1000.0, s.total(0), 0.0);
  }

  @Test
  void nonFiniteTermsWinAsInOrdinaryAdditionAndOverflowIsRefused() {
    ExactSums s = new ExactSums(3);
    s.add(0, 1.0);
    s.add(0, Double.POSITIVE_INFINITY);
    s.add(1, Double.NaN);
    s.add(1, 2.0);
    assertEquals(Double.POSITIVE_INFINITY, s.total(0));
    assertTrue(Double.isNaN(s.total(1)));
    assertEquals(0.0, s.total(2));
    s.add(2, Double.MAX_VALUE);
    assertThrows(ArithmeticException.class, () -> s.add(2, Double.MAX_VALUE));
  }

  @Test
  void mismatchedLengthsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new ExactSums(2).merge(new ExactSums(3)));
  }

  @Test
  void storedTermsOfTwoBatchesAddUpToTheExactSumOfBoth() {
    Random random = new Random(18);
    List<Double> all = new ArrayList<>();
    ExactSums first = new ExactSums(2);
    ExactSums second = new ExactSums(2);
    for (int i = 0; i < 5000; i++) {
      double x = (random.nextDouble() - 0.3) * Math.pow(10, random.nextInt(30) - 15);
      all.add(x);
      (i < 2000 ? first : second).add(0, x);
      (i < 2000 ? first : second).add(1, -x);
    }
    second.add(1, Double.POSITIVE_INFINITY);
    // What a later batch reads back: the stored terms, not the sums.
    ExactSums reread = new ExactSums(2);
    for (ExactSums batch : List.of(first, second)) {
      for (int k = 0; k < 2; k++) {
        for (double t : batch.terms(k)) {
          reread.add(k, t);
        }
      }
    }
    assertTrue(first.terms(0).length < 10, "an expansion holds a few components, not the terms");
    assertEquals(exact(all), reread.total(0));
    assertEquals(Double.doubleToLongBits(exact(all)), Double.doubleToLongBits(reread.total(0)));
    assertEquals(Double.POSITIVE_INFINITY, reread.total(1));
  }
}
