package org.attentiontopology.persistence;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The persistence diagram of one homology dimension: a multiset of bars [birth, death). An
 * essential bar (a class that never dies) has death {@link Double#POSITIVE_INFINITY}. Bars are kept
 * in a canonical order, by birth and then death, so equal diagrams are equal objects and tables
 * come out the same whatever computed them.
 */
public final class PersistenceDiagram {
  private final int dimension;
  private final double[] births;
  private final double[] deaths;

  private PersistenceDiagram(int dimension, double[] births, double[] deaths) {
    this.dimension = dimension;
    this.births = births;
    this.deaths = deaths;
  }

  /** Builds a diagram from parallel arrays (copied and put in canonical order). */
  public static PersistenceDiagram of(int dimension, double[] births, double[] deaths) {
    if (dimension < 0) {
      throw new IllegalArgumentException("homology dimension must be >= 0, got " + dimension);
    }
    if (births.length != deaths.length) {
      throw new IllegalArgumentException(
          births.length + " births but " + deaths.length + " deaths");
    }
    int n = births.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      double b = births[i];
      double d = deaths[i];
      if (Double.isNaN(b) || Double.isNaN(d) || Double.isInfinite(b)) {
        throw new IllegalArgumentException(
            "bar "
                + i
                + " is ["
                + b
                + ", "
                + d
                + "): births must be finite, "
                + "deaths finite or +infinity, never NaN");
      }
      if (d < b) {
        throw new IllegalArgumentException(
            "bar " + i + " dies before it is born: [" + b + ", " + d + ")");
      }
      order[i] = i;
    }
    Arrays.sort(
        order,
        (x, y) -> {
          int c = Double.compare(births[x], births[y]);
          return c != 0 ? c : Double.compare(deaths[x], deaths[y]);
        });
    double[] b = new double[n];
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      b[i] = births[order[i]];
      d[i] = deaths[order[i]];
    }
    return new PersistenceDiagram(dimension, b, d);
  }

  public static PersistenceDiagram empty(int dimension) {
    return of(dimension, new double[0], new double[0]);
  }

  /** Collects bars one at a time, then freezes them into a diagram. */
  public static final class Builder {
    private final int dimension;
    private double[] births = new double[16];
    private double[] deaths = new double[16];
    private int size;

    public Builder(int dimension) {
      this.dimension = dimension;
    }

    public Builder add(double birth, double death) {
      if (size == births.length) {
        births = Arrays.copyOf(births, size * 2);
        deaths = Arrays.copyOf(deaths, size * 2);
      }
      births[size] = birth;
      deaths[size] = death;
      size++;
      return this;
    }

    public Builder addEssential(double birth) {
      return add(birth, Double.POSITIVE_INFINITY);
    }

    public int size() {
      return size;
    }

    public PersistenceDiagram build() {
      return of(dimension, Arrays.copyOf(births, size), Arrays.copyOf(deaths, size));
    }
  }

  public int dimension() {
    return dimension;
  }

  /** Number of bars, essential ones included. */
  public int size() {
    return births.length;
  }

  public boolean isEmpty() {
    return births.length == 0;
  }

  public double birth(int i) {
    return births[i];
  }

  public double death(int i) {
    return deaths[i];
  }

  public boolean isEssential(int i) {
    return deaths[i] == Double.POSITIVE_INFINITY;
  }

  /** death - birth; infinite for an essential bar. */
  public double persistence(int i) {
    return deaths[i] - births[i];
  }

  public int essentialCount() {
    int c = 0;
    for (double d : deaths) {
      if (d == Double.POSITIVE_INFINITY) {
        c++;
      }
    }
    return c;
  }

  public double[] births() {
    return births.clone();
  }

  public double[] deaths() {
    return deaths.clone();
  }

  /**
   * The finite bars only (essential ones dropped), as Kushnareva et al. do before their features.
   */
  public PersistenceDiagram finitePart() {
    Builder b = new Builder(dimension);
    for (int i = 0; i < size(); i++) {
      if (!isEssential(i)) {
        b.add(births[i], deaths[i]);
      }
    }
    return b.build();
  }

  /** The bars with death > birth: Ripser and gudhi never report zero-length bars. */
  public PersistenceDiagram withoutZeroLengthBars() {
    Builder b = new Builder(dimension);
    for (int i = 0; i < size(); i++) {
      if (deaths[i] > births[i]) {
        b.add(births[i], deaths[i]);
      }
    }
    return b.build();
  }

  /** Bars as [birth, death] pairs, in canonical order. */
  public List<double[]> bars() {
    List<double[]> out = new ArrayList<>(size());
    for (int i = 0; i < size(); i++) {
      out.add(new double[] {births[i], deaths[i]});
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PersistenceDiagram other
        && dimension == other.dimension
        && Arrays.equals(births, other.births)
        && Arrays.equals(deaths, other.deaths);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dimension + Arrays.hashCode(births)) + Arrays.hashCode(deaths);
  }

  /**
   * Ripser's text form: a header line {@code persistence intervals in dim k:}, then one {@code "
   * [birth,death)"} line per bar, {@code " [birth, )"} when essential, as Ripser prints them. Two
   * differences, on purpose: numbers are Java's {@link Double#toString} (which reads back to the
   * same double; Ripser prints 6 significant digits, so 0 and 0.123457 where this prints 0.0 and
   * 0.12345678901), and bars come in canonical order, not Ripser's order of discovery. Zero-length
   * bars are printed if the diagram has them (Ripser never does): see {@link RipserFormats#format},
   * which drops them.
   */
  @Override
  public String toString() {
    StringBuilder s =
        new StringBuilder("persistence intervals in dim ").append(dimension).append(":\n");
    for (int i = 0; i < size(); i++) {
      s.append(" [").append(births[i]).append(',');
      s.append(isEssential(i) ? " " : Double.toString(deaths[i])).append(")\n");
    }
    return s.toString();
  }
}
