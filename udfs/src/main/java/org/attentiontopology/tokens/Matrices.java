package org.attentiontopology.tokens;

/** Shape checks shared by the classes of this package. */
final class Matrices {
  private Matrices() {}

  /** Checks that {@code a} is non-null, square and has no null rows; returns T. */
  static int requireSquare(float[][] a, String what) {
    if (a == null) {
      throw new IllegalArgumentException(what + " is null");
    }
    int t = a.length;
    for (int r = 0; r < t; r++) {
      if (a[r] == null) {
        throw new IllegalArgumentException(what + ": row " + r + " is null");
      }
      if (a[r].length != t) {
        throw new IllegalArgumentException(
            what
                + " must be square (T x T): row "
                + r
                + " has "
                + a[r].length
                + " entries, expected "
                + t);
      }
    }
    return t;
  }
}
