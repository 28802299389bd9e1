package org.attentiontopology.heads;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An array of exact running sums: each total is the exact sum of its terms, rounded once to the
 * nearest double at the end, so the same terms give the same bits in any order and any grouping, as
 * Spark adds them across partitions and task retries. A compensated sum only comes close: its
 * result still depends on the order by an ulp or so, and a corpus-level table must not change with
 * the partitioning.
 *
 * <p>Each sum is kept as Shewchuk's nonoverlapping expansion (a few doubles whose exact sum is the
 * total; "Adaptive Precision Floating-Point Arithmetic", 1997), grown by two-sums; the final
 * rounding is correct including ties (round half to even), with the half-way check on the next
 * lower component. Sums of the tool's magnitudes keep one to three components, so adding a term
 * costs a few flops. Non-finite terms are summed apart in plain arithmetic (an infinity or NaN
 * wins, as in ordinary addition); a sum whose running value overflows the double range is refused.
 */
public final class ExactSums implements Serializable {
  private static final long serialVersionUID = 2L;

  private final double[][] components;
  private final int[] sizes;

  /** Plain sum of the non-finite terms of each total (0 while there are none). */
  private final double[] special;

  public ExactSums(int length) {
    components = new double[length][4];
    sizes = new int[length];
    special = new double[length];
  }

  public int length() {
    return sizes.length;
  }

  public void add(int k, double x) {
    if (!Double.isFinite(x)) {
      special[k] += x;
      return;
    }
    double[] c = components[k];
    int n = sizes[k];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      double y = c[i];
      if (Math.abs(x) < Math.abs(y)) {
        double t = x;
        x = y;
        y = t;
      }
      double hi = x + y;
      double lo = y - (hi - x);
      if (lo != 0.0) {
        c[kept++] = lo;
      }
      x = hi;
    }
    if (Double.isInfinite(x)) {
      throw new ArithmeticException("exact sum " + k + " overflows the double range");
    }
    if (kept == c.length) {
      c = components[k] = Arrays.copyOf(c, c.length * 2);
    }
    c[kept++] = x;
    sizes[k] = kept;
  }

  /** Adds every total of {@code other} (all its components, exactly) into this. */
  public ExactSums merge(ExactSums other) {
    if (other.sizes.length != sizes.length) {
      throw new IllegalArgumentException(
          "cannot merge sums of lengths " + sizes.length + " and " + other.sizes.length);
    }
    for (int k = 0; k < sizes.length; k++) {
      for (int i = 0; i < other.sizes[k]; i++) {
        add(k, other.components[k][i]);
      }
      special[k] += other.special[k];
    }
    return this;
  }

  /** Adds plain values, e.g. one example's contributions. */
  public ExactSums addAll(double[] values) {
    if (values.length != sizes.length) {
      throw new IllegalArgumentException(
          "cannot add " + values.length + " values to " + sizes.length + " sums");
    }
    for (int k = 0; k < values.length; k++) {
      add(k, values[k]);
    }
    return this;
  }

  /**
   * Terms whose exact sum is total {@code k}: its expansion's components, and the plain sum of its
   * non-finite terms if there were any. Stored and added again (in any order, to any sums), they
   * give the same bits as the terms they stand for: how a run keeps its partial sums between
   * batches.
   */
  public double[] terms(int k) {
    double[] out = Arrays.copyOf(components[k], sizes[k] + (special[k] != 0.0 ? 1 : 0));
    if (special[k] != 0.0) {
      out[sizes[k]] = special[k];
    }
    return out;
  }

  /** The exact sum rounded to the nearest double (ties to even). */
  public double total(int k) {
    if (special[k] != 0.0) { // an infinity, or NaN (which also differs from 0)
      return special[k];
    }
    double[] c = components[k];
    int n = sizes[k];
    if (n == 0) {
      return 0.0;
    }
    // Components grow in magnitude and do not overlap: add from the top until the rounding error is
    // nonzero.
    double hi = c[--n];
    double lo = 0.0;
    while (n > 0) {
      double x = hi;
      double y = c[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo != 0.0) {
        break;
      }
    }
    // A tie broken to the wrong side: the remaining components tip it when they point the same way
    // as lo.
    if (n > 0 && ((lo < 0 && c[n - 1] < 0) || (lo > 0 && c[n - 1] > 0))) {
      double y = lo * 2;
      double x = hi + y;
      if (y == x - hi) {
        hi = x;
      }
    }
    return hi;
  }

  public double[] totals() {
    double[] out = new double[sizes.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = total(k);
    }
    return out;
  }

  @Override
  public String toString() {
    return "ExactSums" + Arrays.toString(totals());
  }
}
