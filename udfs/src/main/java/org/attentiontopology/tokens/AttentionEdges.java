package org.attentiontopology.tokens;

/**
 * The sparse attention graph of one head: every entry (from, to, weight) with {@code weight >=
 * threshold}, in row-major order (from ascending, then to ascending). NaN entries are never edges.
 * Stored as parallel arrays sized exactly (two passes over the matrix, no boxing). The arrays are
 * shared, not copied, and a record of arrays compares them by reference in equals.
 */
public record AttentionEdges(int[] from, int[] to, float[] weight) implements java.io.Serializable {

  public AttentionEdges {
    if (from.length != to.length || from.length != weight.length) {
      throw new IllegalArgumentException(
          "edge arrays differ in length: " + from.length + ", " + to.length + ", " + weight.length);
    }
  }

  /** Edges of {@code a} (T x T) with weight at least {@code threshold}, a finite number. */
  public static AttentionEdges of(float[][] a, float threshold) {
    Matrices.requireSquare(a, "attention matrix");
    if (!Float.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite, got " + threshold);
    }
    int count = 0;
    for (float[] row : a) {
      for (float w : row) {
        if (w >= threshold) {
          count++;
        }
      }
    }
    int[] from = new int[count];
    int[] to = new int[count];
    float[] weight = new float[count];
    int k = 0;
    for (int i = 0; i < a.length; i++) {
      float[] row = a[i];
      for (int j = 0; j < row.length; j++) {
        if (row[j] >= threshold) {
          from[k] = i;
          to[k] = j;
          weight[k] = row[j];
          k++;
        }
      }
    }
    return new AttentionEdges(from, to, weight);
  }

  /** Number of edges. */
  public int size() {
    return from.length;
  }
}
