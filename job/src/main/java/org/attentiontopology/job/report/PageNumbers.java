package org.attentiontopology.job.report;

import java.math.MathContext;

/**
 * Numbers as the page carries them. Figures need about four significant digits (a pixel is one part
 * in a thousand; the threshold slider has a thousand steps), and the JSON text of a double carries
 * seventeen, which gzip cannot squeeze: rounding every number the page shows or computes with
 * (token distances included) to four significant digits halves the compressed report. The page's
 * edge counts are those of the rounded distances.
 */
public final class PageNumbers {
  /** Significant digits of a drawn number. */
  public static final int DIGITS = 4;

  private static final MathContext CONTEXT = new MathContext(DIGITS);

  private PageNumbers() {}

  /**
   * x rounded to {@link #DIGITS} significant digits; non-finite values are kept (ScriptJson quotes
   * them).
   */
  public static double round(double x) {
    return round(x, DIGITS);
  }

  /**
   * x rounded to the given significant digits (fewer for what is only drawn, such as MDS
   * coordinates).
   */
  public static double round(double x, int digits) {
    if (!Double.isFinite(x) || x == 0.0) {
      return x;
    }
    return new java.math.BigDecimal(x)
        .round(digits == DIGITS ? CONTEXT : new MathContext(digits))
        .doubleValue();
  }

  public static Double round(Double x) {
    return x == null ? null : round(x.doubleValue());
  }

  public static double[] round(double[] xs) {
    double[] out = new double[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = round(xs[i]);
    }
    return out;
  }

  public static double[][] round(double[][] xs) {
    return round(xs, DIGITS);
  }

  public static double[][] round(double[][] xs, int digits) {
    double[][] out = new double[xs.length][xs.length == 0 ? 0 : xs[0].length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = new double[xs[i].length];
      for (int k = 0; k < xs[i].length; k++) {
        out[i][k] = round(xs[i][k], digits);
      }
    }
    return out;
  }
}
