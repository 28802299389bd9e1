package org.attentiontopology.tokens;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A layers x heads matrix of head-importance weights (for example from Michel et al. 2019's
 * head-importance scores), used to weight heads in {@link ReceivedAttention}.
 *
 * <p>Formats, chosen by the file name's extension:
 *
 * <ul>
 *   <li>{@code .csv}, {@code .tsv}, {@code .txt}: one row per layer, values separated by commas
 *       and/or whitespace; blank lines and lines starting with {@code #} are ignored;
 *   <li>{@code .json}: an array of arrays of numbers, {@code [[l0h0, l0h1, ...], [l1h0, ...],
 *       ...]};
 *   <li>{@code .npy}: NumPy format version 1, 2 or 3, little-endian {@code <f8}, {@code <f4},
 *       {@code <i8} or {@code <i4}, C order ({@code fortran_order: False}), 2-D shape (layers,
 *       heads), as written by {@code numpy.save}.
 * </ul>
 *
 * Every matrix is checked: rectangular, non-empty, finite and non-negative values, not all zero.
 * The model's shape is checked separately with {@link #requireShape}. Immutable and serializable
 * (for a Spark broadcast). Problems with the content are {@link IllegalArgumentException}s whose
 * message names the file, the problem and the fix; failures to read are {@link IOException}s.
 */
public final class HeadImportance implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  private final double[][] values;
  private final String source;

  private HeadImportance(double[][] values, String source) {
    this.values = values;
    this.source = source;
  }

  /**
   * Reads and validates a head-importance file (format by extension: {@link HeadImportanceFile}).
   */
  public static HeadImportance read(Path file) throws IOException {
    return read(file.toString(), Files.readAllBytes(file));
  }

  /**
   * Validates the content of a head-importance file read elsewhere (cluster storage); {@code
   * source} is its path, whose extension gives the format.
   */
  public static HeadImportance read(String source, byte[] content) {
    return of(HeadImportanceFile.read(source, content), source);
  }

  /**
   * Validates a matrix given directly; {@code source} names it in messages. The array is copied.
   */
  public static HeadImportance of(double[][] values, String source) {
    String what = "head importance " + source;
    if (values == null || values.length == 0) {
      throw new IllegalArgumentException(
          what + ": no rows; give one row per layer, one value per head");
    }
    int heads = -1;
    double[][] copy = new double[values.length][];
    boolean anyPositive = false;
    for (int l = 0; l < values.length; l++) {
      double[] row = values[l];
      if (row == null || row.length == 0) {
        throw new IllegalArgumentException(
            what + ": layer " + l + " has no values; give one value per head");
      }
      if (heads < 0) {
        heads = row.length;
      } else if (row.length != heads) {
        throw new IllegalArgumentException(
            what
                + ": layer "
                + l
                + " has "
                + row.length
                + " values but layer 0 has "
                + heads
                + "; every layer needs one value per head");
      }
      for (int h = 0; h < row.length; h++) {
        double x = row[h];
        if (!Double.isFinite(x) || x < 0) {
          throw new IllegalArgumentException(
              what
                  + ": value at layer "
                  + l
                  + ", head "
                  + h
                  + " is "
                  + x
                  + "; weights must be finite and non-negative (use 0 to ignore a head)");
        }
        anyPositive |= x > 0;
      }
      copy[l] = row.clone();
    }
    if (!anyPositive) {
      throw new IllegalArgumentException(
          what
              + ": every value is zero, which would weight every head by nothing;"
              + " give at least one head a positive weight, or leave head importance unset to weight heads equally");
    }
    return new HeadImportance(copy, source);
  }

  /** Checks that the matrix is layers x heads of the model; returns this. */
  public HeadImportance requireShape(int layers, int heads) {
    if (values.length != layers || values[0].length != heads) {
      throw new IllegalArgumentException(
          "head importance "
              + source
              + " is "
              + values.length
              + " x "
              + values[0].length
              + " (layers x heads) but the model has "
              + layers
              + " layers and "
              + heads
              + " heads; give a "
              + layers
              + " x "
              + heads
              + " matrix, one row per layer");
    }
    return this;
  }

  public int layers() {
    return values.length;
  }

  public int heads() {
    return values[0].length;
  }

  public double get(int layer, int head) {
    return values[layer][head];
  }

  /**
   * A copy of the matrix, [layer][head], for {@link ReceivedAttention#received(float[][][][],
   * double[][])}.
   */
  public double[][] toArray() {
    double[][] out = new double[values.length][];
    for (int l = 0; l < values.length; l++) {
      out[l] = values[l].clone();
    }
    return out;
  }

  /** The file (or name) the matrix came from. */
  public String source() {
    return source;
  }
}
