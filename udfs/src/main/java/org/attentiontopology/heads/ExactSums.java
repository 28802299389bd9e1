package org.attentiontopology.heads;

import java.io.Serializable;
import java.util.Arrays;

/**
 * An array of running sums with Neumaier's compensation, so that adding the same terms in any order (as Spark does
 * with partitions and retries) gives the same totals to within a few units in the last place rather than an error
 * that grows with the number of terms.
 */
public final class CompensatedSums implements Serializable {
  private static final long serialVersionUID = 1L;

  private final double[] sum;
  private final double[] compensation;

  public CompensatedSums(int length) {
    this.sum = new double[length];
    this.compensation = new double[length];
  }

  public int length() {
    return sum.length;
  }

  public void add(int k, double x) {
    double s = sum[k];
    double t = s + x;
    // Neumaier: keep the low-order bits lost in whichever operand is smaller.
    if (Math.abs(s) >= Math.abs(x)) {
      compensation[k] += (s - t) + x;
    } else {
      compensation[k] += (x - t) + s;
    }
    sum[k] = t;
  }

  /** Adds every total of {@code other} (its compensations included) into this. */
  public CompensatedSums merge(CompensatedSums other) {
    if (other.sum.length != sum.length) {
      throw new IllegalArgumentException("cannot merge sums of lengths " + sum.length + " and " + other.sum.length);
    }
    for (int k = 0; k < sum.length; k++) {
      add(k, other.sum[k]);
      add(k, other.compensation[k]);
    }
    return this;
  }

  /** Adds plain values, e.g. one example's contributions. */
  public CompensatedSums addAll(double[] values) {
    if (values.length != sum.length) {
      throw new IllegalArgumentException("cannot add " + values.length + " values to " + sum.length + " sums");
    }
    for (int k = 0; k < values.length; k++) {
      add(k, values[k]);
    }
    return this;
  }

  public double total(int k) {
    return sum[k] + compensation[k];
  }

  public double[] totals() {
    double[] out = new double[sum.length];
    for (int k = 0; k < out.length; k++) {
      out[k] = total(k);
    }
    return out;
  }

  @Override
  public String toString() {
    return "CompensatedSums" + Arrays.toString(totals());
  }
}
