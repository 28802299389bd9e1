package org.attentiontopology.diagram;

import java.util.Arrays;
import java.util.Random;

/**
 * Random diagrams whose points share one birth (H0 diagrams), for the tests of the line algorithms.
 */
final class LineDiagrams {
  private LineDiagrams() {}

  /**
   * n deaths above {@code birth}: persistences in [0, 0.9) skewed towards 0, or with {@code coarse}
   * on a grid of eighths (many ties, duplicates and zero persistence).
   */
  static double[] deaths(Random rnd, int n, double birth, boolean coarse) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = birth + (coarse ? rnd.nextInt(6) * 0.125 : Math.pow(rnd.nextDouble(), 2) * 0.9);
    }
    return d;
  }

  /** n copies of the birth. */
  static double[] births(int n, double birth) {
    double[] b = new double[n];
    Arrays.fill(b, birth);
    return b;
  }
}
