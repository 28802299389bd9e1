package org.attentiontopology.job.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The page's numbers: rounded to what a figure shows, and gzipped text that inflates back to
 * itself.
 */
class PageNumbersTest {
  @Test
  void roundsToFourSignificantDigitsAtEveryScale() {
    assertEquals(0.1235, PageNumbers.round(0.123456789));
    assertEquals(1235.0, PageNumbers.round(1234.56));
    assertEquals(1.235e-5, PageNumbers.round(0.0000123456));
    assertEquals(-0.5, PageNumbers.round(-0.5));
    assertEquals(0.0, PageNumbers.round(0.0));
    assertTrue(
        Double.isNaN(PageNumbers.round(Double.NaN)), "NaN stays NaN, for ScriptJson to quote");
    assertEquals(0.123, PageNumbers.round(0.123456789, 3));
    // The shortest decimal of the rounded double is what JSON carries: "0.1235", not
    // 0.12350000000000001.
    assertEquals("0.1235", Double.toString(PageNumbers.round(0.123456789)));
  }

  @Test
  void relativeErrorIsAtMostHalfAUnitInTheFourthDigit() {
    Random random = new Random(7);
    for (int i = 0; i < 10_000; i++) {
      double x = Math.exp(random.nextGaussian() * 5);
      assertTrue(Math.abs(PageNumbers.round(x) - x) <= 5e-4 * x, () -> "rounding " + x);
    }
  }

  @Test
  void gzipBase64InflatesToTheSameTextAndHasNoMarkup() {
    String text = "{\"token\":\"\\u003c/script\\u003e\",\"x\":[0.1235,0.5]} \u00e9\u4e2d";
    String packed = GzipBase64.encode(text);
    assertTrue(packed.matches("[A-Za-z0-9+/=]+"), "base64 only: nothing the HTML parser reads");
    assertEquals(text, GzipBase64.decode(packed));
  }
}
