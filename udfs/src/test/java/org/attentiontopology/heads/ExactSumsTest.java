package org.attentiontopology.heads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CompensatedSumsTest {

  @Test
  void anyOrderAndAnySplitGiveTheExactSumToRounding() {
    Random rnd = new Random(1);
    List<Double> terms = new ArrayList<>();
    BigDecimal exact = BigDecimal.ZERO;
    for (int i = 0; i < 20000; i++) {
      double x = Math.pow(10, rnd.nextInt(12) - 6) * rnd.nextDouble();
      terms.add(x);
      exact = exact.add(new BigDecimal(x));
    }
    double reference = exact.doubleValue();
    for (int parts : new int[] {1, 2, 7}) {
      Collections.shuffle(terms, rnd);
      CompensatedSums total = new CompensatedSums(1);
      for (int p = 0; p < parts; p++) {
        CompensatedSums partial = new CompensatedSums(1);
        for (int i = p; i < terms.size(); i += parts) {
          partial.add(0, terms.get(i));
        }
        total.merge(partial);
      }
      assertEquals(reference, total.total(0), Math.ulp(reference) * 2, parts + " parts");
    }
  }

  @Test
  void recoversLowOrderBitsThatPlainSummationLoses() {
    CompensatedSums s = new CompensatedSums(1);
    s.add(0, 1e16);
    for (int i = 0; i < 1000; i++) {
      s.add(0, 1.0);
    }
    s.add(0, -1e16);
    assertEquals(1000.0, s.total(0), 0.0);
  }

  @Test
  void mismatchedLengthsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new CompensatedSums(2).merge(new CompensatedSums(3)));
  }
}
