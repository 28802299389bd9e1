package org.attentiontopology.sql;

import org.apache.spark.sql.Row;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * Arguments of the SQL functions, checked and converted: a bars column {@code ARRAY<STRUCT<birth:
 * DOUBLE, death: DOUBLE>>} (death NULL for an essential bar) into a {@link PersistenceDiagram}, and
 * numeric arguments into doubles. Whatever the engine hands over (Spark a Scala {@code Seq} of
 * {@link Row}s, DuckDB a text form), every element goes through one {@link Bars} builder, so both
 * engines accept and reject the same diagrams with the same messages, each naming the argument and
 * the array index.
 */
public final class SqlDiagrams {
  /**
   * The SQL column holds one homology dimension per row; the functions only need both sides to
   * agree.
   */
  static final int DIMENSION = 0;

  /**
   * Largest coordinate magnitude accepted. Beyond it differences of coordinates (bar lengths,
   * distances between points) can overflow a double and every statistic would turn into Infinity or
   * NaN.
   */
  public static final double MAX_COORDINATE = 1e300;

  private SqlDiagrams() {}

  /**
   * A bars argument of a Spark UDF: NULL stays null, a Seq of Rows becomes a diagram, anything else
   * is an error.
   */
  static PersistenceDiagram fromSpark(String argument, Object bars) {
    if (bars == null) {
      return null;
    }
    if (!(bars instanceof scala.collection.Seq<?> seq)) {
      throw notBars(argument, bars);
    }
    Bars b = new Bars(argument, DIMENSION);
    scala.collection.Iterator<?> it = seq.iterator();
    while (it.hasNext()) {
      Object e = it.next();
      if (e != null && !(e instanceof Row)) {
        throw notBars(argument, bars);
      }
      b.add((Row) e);
    }
    return b.build();
  }

  /**
   * A diagram of the given dimension from a bars column as Spark's Java API returns it ({@code
   * Row.getList}); the job reads its own tables with this too, so there is one conversion and one
   * set of checks.
   */
  public static PersistenceDiagram toDiagram(int dimension, Iterable<Row> bars) {
    Bars b = new Bars("bars", dimension);
    for (Row bar : bars) {
      b.add(bar);
    }
    return b.build();
  }

  private static IllegalArgumentException notBars(String argument, Object value) {
    return new IllegalArgumentException(
        argument
            + " must be an ARRAY<STRUCT<birth: DOUBLE, death: DOUBLE>> "
            + "(a bars column), got "
            + describe(value));
  }

  /**
   * A numeric argument (q, threshold): any SQL number (Spark hands a literal 1.0 over as a DECIMAL,
   * 1 as an INT) or its text; NaN is an error, infinities pass to the function, which decides.
   */
  public static double number(String argument, Object value) {
    double v;
    if (value instanceof Number n) {
      v = n.doubleValue();
    } else if (value instanceof String s && parse(s) != null) {
      v = parse(s);
    } else {
      throw new IllegalArgumentException(argument + " must be a number, got " + describe(value));
    }
    if (Double.isNaN(v)) {
      throw new IllegalArgumentException(argument + " is NaN: pass a number");
    }
    return v;
  }

  /** A number as text (Java's or DuckDB's spelling: inf, -inf, nan), or null when it is not one. */
  public static Double parse(String s) {
    switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "inf", "+inf", "infinity", "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf", "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan", "-nan":
        return Double.NaN;
      default:
        try {
          return Double.valueOf(s.trim());
        } catch (NumberFormatException e) {
          return null;
        }
    }
  }

  static String describe(Object value) {
    if (value == null) {
      return "NULL";
    }
    String text = String.valueOf(value);
    if (text.length() > 40) {
      text = text.substring(0, 37) + "...";
    }
    return "'" + text + "' (" + value.getClass().getSimpleName() + ")";
  }

  /**
   * Collects one argument's bars, checking each as it comes; the errors name the argument and the
   * index.
   */
  public static final class Bars {
    private final String argument;
    private final PersistenceDiagram.Builder builder;
    private int index;

    public Bars(String argument, int dimension) {
      this.argument = argument;
      this.builder = new PersistenceDiagram.Builder(dimension);
    }

    /**
     * One element as a Spark struct (fields read by name, so their order does not matter); null for
     * NULL.
     */
    public void add(Row bar) {
      if (bar == null) {
        add(false, null, null);
        return;
      }
      int bi;
      int di;
      try {
        bi = bar.fieldIndex("birth");
        di = bar.fieldIndex("death");
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            argument
                + "["
                + index
                + "] must be a struct with fields birth and death, "
                + "got "
                + describe(bar));
      }
      add(true, bar.get(bi), bar.get(di));
    }

    /**
     * One element: present false for a NULL element; birth and death as numbers, as text, or null
     * (a NULL death is an essential bar, and so is a death of +Infinity).
     */
    public void add(boolean present, Object birth, Object death) {
      String at = argument + "[" + index + "]";
      if (!present) {
        throw new IllegalArgumentException(
            at
                + " is NULL: every element of a bars array must be a "
                + "struct<birth, death>; filter NULL elements out first");
      }
      if (birth == null) {
        throw new IllegalArgumentException(at + ".birth is NULL: births must be finite numbers");
      }
      double b = coordinate(at + ".birth", birth);
      double d = death == null ? Double.POSITIVE_INFINITY : coordinate(at + ".death", death);
      if (Double.isNaN(b) || Double.isNaN(d) || Double.isInfinite(b) || d < b) {
        throw new IllegalArgumentException(
            at
                + " = ("
                + b
                + ", "
                + d
                + ") is not a bar: "
                + "birth must be finite, death >= birth or NULL for an essential bar");
      }
      if (Math.abs(b) > MAX_COORDINATE || (!Double.isInfinite(d) && Math.abs(d) > MAX_COORDINATE)) {
        throw new IllegalArgumentException(
            at
                + " = ("
                + b
                + ", "
                + d
                + ") lies beyond +-"
                + MAX_COORDINATE
                + ", where distances between coordinates overflow a double; rescale the diagram");
      }
      builder.add(b, d);
      index++;
    }

    private static double coordinate(String name, Object value) {
      if (value instanceof Number n) {
        return n.doubleValue();
      }
      Double parsed = value instanceof String s ? parse(s) : null;
      if (parsed == null) {
        throw new IllegalArgumentException(name + " must be a number, got " + describe(value));
      }
      return parsed;
    }

    public PersistenceDiagram build() {
      return builder.build();
    }
  }
}
