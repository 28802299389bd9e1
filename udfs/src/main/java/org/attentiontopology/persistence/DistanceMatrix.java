package org.attentiontopology.persistence;

import java.util.Arrays;

/**
 * A finite metric space given by the compressed lower triangle of its distance matrix, the layout
 * Ripser uses: the distance between points i and j (i > j) sits at index i * (i - 1) / 2 + j. The
 * diagonal is implicitly zero.
 *
 * <p>Instances are immutable; the triangle array is shared with the engine, never with callers.
 */
public final class DistanceMatrix {
  private final int size;
  private final double[] lower;

  private DistanceMatrix(int size, double[] lower) {
    this.size = size;
    this.lower = lower;
  }

  /** Number of entries of the compressed lower triangle of an n-point space. */
  public static long triangleLength(int n) {
    return (long) n * (n - 1) / 2;
  }

  /**
   * Wraps a compressed lower triangle (row-major, i > j). The array is copied. Entries must be
   * finite and non-negative; NaN is rejected rather than silently ordered.
   */
  public static DistanceMatrix fromLowerTriangle(int n, double[] lower) {
    if (n < 0) {
      throw new IllegalArgumentException("number of points must be >= 0, got " + n);
    }
    if (lower.length != triangleLength(n)) {
      throw new IllegalArgumentException(
          "a lower triangle of "
              + n
              + " points has "
              + triangleLength(n)
              + " entries, got "
              + lower.length);
    }
    double[] copy = lower.clone();
    for (int k = 0; k < copy.length; k++) {
      checkEntry(copy[k], k);
    }
    return new DistanceMatrix(n, copy);
  }

  /**
   * Builds from a full square matrix, checking that it is symmetric (exactly) with a zero diagonal.
   */
  public static DistanceMatrix fromFull(double[][] full) {
    int n = full.length;
    double[] lower = new double[(int) triangleLength(n)];
    for (int i = 0; i < n; i++) {
      if (full[i].length != n) {
        throw new IllegalArgumentException(
            "row " + i + " has " + full[i].length + " entries, expected " + n);
      }
      if (full[i][i] != 0.0) {
        throw new IllegalArgumentException(
            "diagonal entry (" + i + "," + i + ") is " + full[i][i] + ", not 0");
      }
      for (int j = 0; j < i; j++) {
        if (full[i][j] != full[j][i]) {
          throw new IllegalArgumentException(
              "matrix is not symmetric at ("
                  + i
                  + ","
                  + j
                  + "): "
                  + full[i][j]
                  + " vs "
                  + full[j][i]);
        }
        lower[index(i, j)] = full[i][j];
      }
    }
    for (int k = 0; k < lower.length; k++) {
      checkEntry(lower[k], k);
    }
    return new DistanceMatrix(n, lower);
  }

  private static void checkEntry(double d, int k) {
    if (!(d >= 0.0) || Double.isInfinite(d)) {
      throw new IllegalArgumentException(
          "distance at lower-triangle index "
              + k
              + " is "
              + d
              + "; distances must be finite and >= 0");
    }
  }

  static int index(int i, int j) {
    return i * (i - 1) / 2 + j;
  }

  public int size() {
    return size;
  }

  /** Distance between points i and j, in either order. */
  public double get(int i, int j) {
    if (i == j) {
      return 0.0;
    }
    return i > j ? lower[index(i, j)] : lower[index(j, i)];
  }

  /**
   * The compressed lower triangle itself, for engines in this package; callers must not modify it.
   */
  double[] triangle() {
    return lower;
  }

  /** A copy of the compressed lower triangle. */
  public double[] toLowerTriangle() {
    return lower.clone();
  }

  /** Largest distance, 0 for fewer than two points. */
  public double diameter() {
    double max = 0.0;
    for (double d : lower) {
      max = Math.max(max, d);
    }
    return max;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DistanceMatrix other
        && size == other.size
        && Arrays.equals(lower, other.lower);
  }

  @Override
  public int hashCode() {
    return 31 * size + Arrays.hashCode(lower);
  }

  @Override
  public String toString() {
    return "DistanceMatrix[" + size + " points]";
  }
}
