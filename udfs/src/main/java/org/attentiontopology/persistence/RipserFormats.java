package org.attentiontopology.persistence;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ripser's file formats: distance matrices in, barcodes out.
 *
 * <ul>
 *   <li>{@code lower-distance} (as {@code ripser --format lower-distance}): the lower triangle row
 *       by row, line k holding the k distances from point k to points 0 .. k-1 (an empty first line
 *       for point 0 may be present), numbers separated by commas and/or whitespace. One point has
 *       no distances, so it cannot be written this way: use {@code distance}.
 *   <li>{@code distance}: the full square matrix, one row per line, symmetric with a zero diagonal.
 * </ul>
 *
 * <p>Barcodes are written as Ripser writes them, a line {@code persistence intervals in dim k:} and
 * then one line {@code " [birth,death)"} per bar, {@code " [birth, )"} for an essential one,
 * zero-length bars left out. Two differences: numbers are Java's {@link Double#toString} (which
 * reads back to the same double; Ripser prints C++'s default 6 significant digits of a float), and
 * bars come in the canonical order of {@link PersistenceDiagram} rather than Ripser's order of
 * discovery.
 */
public final class RipserFormats {
  private RipserFormats() {}

  /** The input formats. */
  public enum Format {
    LOWER_DISTANCE("lower-distance"),
    DISTANCE("distance");

    private final String ripserName;

    Format(String ripserName) {
      this.ripserName = ripserName;
    }

    /** The name Ripser's {@code --format} option uses. */
    public String ripserName() {
      return ripserName;
    }

    /** The format named as Ripser names it ({@code lower-distance}, {@code distance}). */
    public static Format fromRipserName(String name) {
      for (Format f : values()) {
        if (f.ripserName.equals(name)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "unknown distance matrix format '" + name + "'; use lower-distance or distance");
    }
  }

  private static final Pattern SEPARATOR = Pattern.compile("[\\s,]+");
  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

  public static DistanceMatrix read(Path file, Format format) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.toString(), format);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read distance matrix " + file, e);
    }
  }

  /** Reads a matrix; {@code name} (a file name) is only used in error messages. */
  public static DistanceMatrix read(Reader in, String name, Format format) {
    List<double[]> rows = new ArrayList<>();
    List<Integer> lineNumbers = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(in)) {
      int lineNumber = 0;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNumber++;
        String trimmed = line.strip();
        if (trimmed.isEmpty()) {
          continue;
        }
        String[] tokens = SEPARATOR.split(trimmed.startsWith(",") ? trimmed.substring(1) : trimmed);
        double[] row = new double[tokens.length];
        for (int k = 0; k < tokens.length; k++) {
          row[k] = number(tokens[k], name, lineNumber, k + 1);
        }
        rows.add(row);
        lineNumbers.add(lineNumber);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read distance matrix " + name, e);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          name
              + ": no distances found; a "
              + format.ripserName()
              + " file needs "
              + (format == Format.LOWER_DISTANCE
                  ? "at least two points (a single point must be written in the "
                      + "distance format, as the line 0)"
                  : "one row per point"));
    }
    return format == Format.LOWER_DISTANCE
        ? lower(rows, lineNumbers, name)
        : full(rows, lineNumbers, name);
  }

  private static double number(String token, String name, int line, int column) {
    if (!NUMBER.matcher(token).matches()) {
      throw new IllegalArgumentException(
          name
              + ", line "
              + line
              + ", entry "
              + column
              + ": '"
              + token
              + "' is not a decimal number; write distances as plain numbers such as 0.25 or 1e-3");
    }
    double x = Double.parseDouble(token);
    if (x < 0 || Double.isInfinite(x)) {
      throw new IllegalArgumentException(
          name
              + ", line "
              + line
              + ", entry "
              + column
              + ": distance "
              + token
              + " is "
              + (x < 0 ? "negative" : "infinite")
              + "; distances must be finite and >= 0");
    }
    return x;
  }

  private static DistanceMatrix lower(List<double[]> rows, List<Integer> lines, String name) {
    int n = rows.size() + 1;
    double[] tri = new double[(int) DistanceMatrix.triangleLength(n)];
    int k = 0;
    for (int i = 0; i < rows.size(); i++) {
      double[] row = rows.get(i);
      if (row.length != i + 1) {
        throw new IllegalArgumentException(
            name
                + ", line "
                + lines.get(i)
                + ": row "
                + (i + 1)
                + " of the lower "
                + "triangle has "
                + row.length
                + " distances, expected "
                + (i + 1)
                + " (line k lists the distances from "
                + "point k to points 0 .. k-1); fix the row or use --format distance for a full matrix");
      }
      System.arraycopy(row, 0, tri, k, row.length);
      k += row.length;
    }
    return DistanceMatrix.fromLowerTriangle(n, tri);
  }

  private static DistanceMatrix full(List<double[]> rows, List<Integer> lines, String name) {
    int n = rows.size();
    for (int i = 0; i < n; i++) {
      if (rows.get(i).length != n) {
        throw new IllegalArgumentException(
            name
                + ", line "
                + lines.get(i)
                + ": row "
                + i
                + " has "
                + rows.get(i).length
                + " entries but there are "
                + n
                + " rows; a distance matrix must be square "
                + "(or use --format lower-distance for a lower triangle)");
      }
      if (rows.get(i)[i] != 0.0) {
        throw new IllegalArgumentException(
            name
                + ", line "
                + lines.get(i)
                + ": diagonal entry "
                + i
                + " is "
                + rows.get(i)[i]
                + "; the distance from a point to itself must be 0");
      }
      for (int j = 0; j < i; j++) {
        if (rows.get(i)[j] != rows.get(j)[i]) {
          throw new IllegalArgumentException(
              name
                  + ", lines "
                  + lines.get(j)
                  + " and "
                  + lines.get(i)
                  + ": the matrix is not symmetric, d("
                  + i
                  + ","
                  + j
                  + ") = "
                  + rows.get(i)[j]
                  + " but d("
                  + j
                  + ","
                  + i
                  + ") = "
                  + rows.get(j)[i]
                  + "; symmetrise it or write only the lower triangle (lower-distance)");
        }
      }
    }
    double[][] square = rows.toArray(new double[0][]);
    return DistanceMatrix.fromFull(square);
  }

  /** The barcode in Ripser's text form, one block per dimension, zero-length bars left out. */
  public static String format(List<PersistenceDiagram> diagrams) {
    StringBuilder s = new StringBuilder();
    for (PersistenceDiagram d : diagrams) {
      s.append(d.withoutZeroLengthBars());
    }
    return s.toString();
  }

  private static final Pattern HEADER = Pattern.compile("persistence intervals in dim (\\d+):");
  private static final Pattern BAR = Pattern.compile(" \\[([^,\\]]+),([^)]*)\\)");

  /**
   * Reads a barcode in Ripser's text form (Ripser's own output or {@link #format}); other lines,
   * such as Ripser's "value range" and "distance matrix with" lines, are skipped. The list index is
   * the dimension.
   */
  public static List<PersistenceDiagram> readBarcode(Reader in, String name) {
    List<PersistenceDiagram.Builder> builders = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(in)) {
      int lineNumber = 0;
      PersistenceDiagram.Builder current = null;
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lineNumber++;
        Matcher h = HEADER.matcher(line);
        Matcher b = BAR.matcher(line);
        if (h.matches()) {
          int dim = Integer.parseInt(h.group(1));
          while (builders.size() <= dim) {
            builders.add(new PersistenceDiagram.Builder(builders.size()));
          }
          current = builders.get(dim);
        } else if (b.matches()) {
          if (current == null) {
            throw new IllegalArgumentException(
                name
                    + ", line "
                    + lineNumber
                    + ": a bar before any 'persistence "
                    + "intervals in dim k:' line");
          }
          double birth = barValue(b.group(1), name, lineNumber);
          String death = b.group(2).strip();
          current.add(
              birth,
              death.isEmpty() ? Double.POSITIVE_INFINITY : barValue(death, name, lineNumber));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read barcode " + name, e);
    }
    List<PersistenceDiagram> out = new ArrayList<>(builders.size());
    for (PersistenceDiagram.Builder b : builders) {
      out.add(b.build());
    }
    return out;
  }

  private static double barValue(String token, String name, int line) {
    try {
      return Double.parseDouble(token.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + ", line " + line + ": '" + token + "' is not a number", e);
    }
  }
}
