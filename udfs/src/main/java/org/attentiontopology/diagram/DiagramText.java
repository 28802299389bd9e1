package org.attentiontopology.diagram;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * A persistence diagram as plain text, one bar per line: {@code birth death}, separated by spaces
 * or tabs, with {@code inf} (or {@code +inf}, {@code Infinity}) for the death of an essential bar.
 * Blank lines and everything after a {@code #} are ignored. Numbers are written with {@link
 * Double#toString}, which round-trips exactly, so a diagram written and read back is equal to the
 * original.
 */
public final class DiagramText {
  private DiagramText() {}

  /** Reads a diagram of the given homology dimension from a file. */
  public static PersistenceDiagram read(Path file, int dimension) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString(), dimension);
    }
  }

  /**
   * Parses diagram text; {@code source} names the input in error messages (a file name, "stdin",
   * ...).
   */
  public static PersistenceDiagram parse(String text, String source, int dimension) {
    try {
      return read(new StringReader(text), source, dimension);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringReader does not fail
    }
  }

  /**
   * Reads diagram text from a reader; malformed lines raise IllegalArgumentException naming source
   * and line.
   */
  public static PersistenceDiagram read(Reader reader, String source, int dimension)
      throws IOException {
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    PersistenceDiagram.Builder bars = new PersistenceDiagram.Builder(dimension);
    String line;
    int number = 0;
    while ((line = in.readLine()) != null) {
      number++;
      int hash = line.indexOf('#');
      String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
      if (content.isEmpty()) {
        continue;
      }
      String[] fields = content.split("[\\s,]+");
      if (fields.length != 2) {
        throw malformed(
            source,
            number,
            line,
            "expected two numbers \"birth death\", found " + fields.length + " field(s)");
      }
      double birth = number(fields[0], source, number, line, "birth");
      double death = number(fields[1], source, number, line, "death");
      if (Double.isInfinite(birth)) {
        throw malformed(source, number, line, "birth must be finite (only a death may be inf)");
      }
      if (death == Double.NEGATIVE_INFINITY) {
        throw malformed(
            source, number, line, "death -inf is not allowed; write inf for an essential bar");
      }
      if (death < birth) {
        throw malformed(
            source,
            number,
            line,
            "death "
                + death
                + " is before birth "
                + birth
                + "; swap the two numbers or drop the bar");
      }
      bars.add(birth, death);
    }
    return bars.build();
  }

  private static double number(String field, String source, int line, String text, String what) {
    String f = field.toLowerCase(Locale.ROOT);
    if (f.equals("inf") || f.equals("+inf") || f.equals("infinity") || f.equals("+infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (f.equals("-inf") || f.equals("-infinity")) {
      return Double.NEGATIVE_INFINITY;
    }
    double v;
    try {
      v = f.equals("nan") ? Double.NaN : Double.parseDouble(field);
    } catch (NumberFormatException e) {
      throw malformed(
          source,
          line,
          text,
          what
              + " \""
              + field
              + "\" is not a number; write a decimal such as 0.25, "
              + "or inf for an essential death");
    }
    if (Double.isNaN(v)) {
      throw malformed(
          source,
          line,
          text,
          what + " is NaN; every bar needs a real birth and a real or inf death");
    }
    return v;
  }

  private static IllegalArgumentException malformed(
      String source, int line, String text, String why) {
    return new IllegalArgumentException(
        source + ":" + line + ": " + why + " (line: \"" + text.strip() + "\")");
  }

  /**
   * The text form: one "birth death" line per bar in canonical order, "inf" for essential deaths.
   */
  public static String format(PersistenceDiagram d) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < d.size(); i++) {
      s.append(d.birth(i)).append(' ');
      s.append(d.isEssential(i) ? "inf" : Double.toString(d.death(i))).append('\n');
    }
    return s.toString();
  }

  /** Writes the text form, preceded by a comment line naming the dimension. */
  public static void write(PersistenceDiagram d, Writer out) throws IOException {
    out.write(
        "# persistence diagram, homology dimension " + d.dimension() + ", " + d.size() + " bars\n");
    out.write(format(d));
  }

  public static void write(PersistenceDiagram d, Path file) throws IOException {
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(d, w);
    }
  }
}
