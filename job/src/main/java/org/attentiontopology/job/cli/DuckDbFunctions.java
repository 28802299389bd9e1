package org.attentiontopology.job.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.attentiontopology.sql.AttentionTopologyFunctions;
import org.attentiontopology.sql.SqlDiagrams;
import org.duckdb.DuckDBColumnType;
import org.duckdb.DuckDBDataChunkReader;
import org.duckdb.DuckDBFunctions;
import org.duckdb.DuckDBReadableVector;
import org.duckdb.DuckDBWritableVector;

/**
 * The diagram functions of docs/sql-functions.md on a DuckDB connection, computed by the same Java
 * methods as on Spark ({@link AttentionTopologyFunctions}).
 *
 * <p>DuckDB's Java scalar functions read only flat types, so each public name is a macro that hands
 * the bars over as text: elements joined by chr(30), birth and death by chr(31), 'null' for a NULL
 * field and 'N' for a NULL element. DuckDB writes a DOUBLE as the shortest text that reads back to
 * the same double, so nothing is lost. The numeric arguments travel as text too, so that their
 * checks (and messages) are the ones Spark users get.
 */
final class DuckDbFunctions {
  private static final char ELEMENT = '\u001e';
  private static final char FIELD = '\u001f';
  private static final String BARS = "at_bars_text";

  private DuckDbFunctions() {}

  static void register(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE MACRO "
              + BARS
              + "(bars) AS array_to_string(list_transform(bars, lambda x: CASE WHEN x IS "
              + "NULL THEN 'N' ELSE coalesce(CAST(x.birth AS VARCHAR), 'null') || chr(31) || "
              + "coalesce(CAST(x.death AS VARCHAR), 'null') END), chr(30))");
      function(
          c,
          "at_bottleneck_distance",
          DuckDBColumnType.DOUBLE,
          2,
          x ->
              AttentionTopologyFunctions.bottleneckDistance(
                  bars("bars_a", x[0]), bars("bars_b", x[1])));
      function(
          c,
          "at_wasserstein_distance",
          DuckDBColumnType.DOUBLE,
          3,
          x ->
              AttentionTopologyFunctions.wassersteinDistance(
                  bars("bars_a", x[0]), bars("bars_b", x[1]), x[2]));
      function(
          c,
          "at_persistence_entropy",
          DuckDBColumnType.DOUBLE,
          1,
          x -> AttentionTopologyFunctions.persistenceEntropy(bars("bars", x[0])));
      function(
          c,
          "at_betti_number",
          DuckDBColumnType.INTEGER,
          2,
          x -> AttentionTopologyFunctions.bettiNumber(bars("bars", x[0]), x[1]));
      function(
          c,
          "at_total_persistence",
          DuckDBColumnType.DOUBLE,
          1,
          x -> AttentionTopologyFunctions.totalPersistence(bars("bars", x[0])));
      function(
          c,
          "at_max_persistence",
          DuckDBColumnType.DOUBLE,
          1,
          x -> AttentionTopologyFunctions.maxPersistence(bars("bars", x[0])));
      function(
          c,
          "at_bar_count",
          DuckDBColumnType.INTEGER,
          1,
          x -> AttentionTopologyFunctions.barCount(bars("bars", x[0])));
      s.execute(
          "CREATE MACRO bottleneck_distance(bars_a, bars_b) AS "
              + "at_bottleneck_distance("
              + BARS
              + "(bars_a), "
              + BARS
              + "(bars_b))");
      s.execute(
          "CREATE MACRO wasserstein_distance(bars_a, bars_b, q) AS "
              + "at_wasserstein_distance("
              + BARS
              + "(bars_a), "
              + BARS
              + "(bars_b), CAST(q AS VARCHAR))");
      s.execute(
          "CREATE MACRO betti_number(bars, threshold) AS "
              + "at_betti_number("
              + BARS
              + "(bars), CAST(threshold AS VARCHAR))");
      for (String name :
          new String[] {
            "persistence_entropy", "total_persistence", "max_persistence", "bar_count"
          }) {
        s.execute("CREATE MACRO " + name + "(bars) AS at_" + name + "(" + BARS + "(bars))");
      }
    }
  }

  /**
   * A scalar function of VARCHAR arguments; a NULL argument arrives as null, a null result is
   * written as NULL.
   */
  private static void function(
      Connection c, String name, DuckDBColumnType result, int arity, Function<String[], Object> f)
      throws SQLException {
    DuckDBColumnType[] parameters = new DuckDBColumnType[arity];
    java.util.Arrays.fill(parameters, DuckDBColumnType.VARCHAR);
    DuckDBFunctions.scalarFunction()
        .withName(name)
        .withParameters(parameters)
        .withReturnType(result)
        .withVectorizedFunction(
            (DuckDBDataChunkReader in, DuckDBWritableVector out) -> {
              DuckDBReadableVector[] columns = new DuckDBReadableVector[arity];
              for (int k = 0; k < arity; k++) {
                columns[k] = in.vector(k);
              }
              String[] args = new String[arity];
              for (long row = 0; row < in.rowCount(); row++) {
                for (int k = 0; k < arity; k++) {
                  args[k] = columns[k].isNull(row) ? null : columns[k].getString(row);
                }
                Object v = f.apply(args);
                if (v == null) {
                  out.setNull(row);
                } else if (v instanceof Integer i) {
                  out.setInt(row, i);
                } else {
                  out.setDouble(row, (Double) v);
                }
              }
            })
        .register(c);
  }

  /**
   * The text form of one bars argument back to a diagram, through the checks Spark's arguments go
   * through.
   */
  static PersistenceDiagram bars(String argument, String text) {
    if (text == null) {
      return null;
    }
    SqlDiagrams.Bars bars = new SqlDiagrams.Bars(argument, 0);
    if (text.isEmpty()) {
      return bars.build();
    }
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf(ELEMENT, start);
      if (end < 0) {
        end = text.length();
      }
      String element = text.substring(start, end);
      int field = element.indexOf(FIELD);
      if (field < 0) {
        bars.add(false, null, null);
      } else {
        bars.add(
            true, nullable(element.substring(0, field)), nullable(element.substring(field + 1)));
      }
      start = end + 1;
    }
    return bars.build();
  }

  private static String nullable(String field) {
    return field.equals("null") ? null : field;
  }
}
