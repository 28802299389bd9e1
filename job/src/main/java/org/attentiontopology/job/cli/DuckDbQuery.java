package org.attentiontopology.job.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentiontopology.job.tables.TokenTables;

/**
 * A query over a run's tables in an embedded, in-memory DuckDB: each table a view over its Parquet
 * files, the diagram functions registered ({@link DuckDbFunctions}). It answers in seconds, JVM
 * start included, where a Spark session alone takes tens of seconds to start (scripts/bench-sql).
 *
 * <p>Read-only over the run by default: the query must be one SELECT (DuckDB's own parser decides,
 * through {@code json_serialize_sql}, which serialises nothing else), and once the views exist the
 * connection loses access to every file outside the run directory and may change no setting, so
 * neither {@code read_text('/etc/hostname')} nor {@code COPY ... TO} reach beyond the run. {@code
 * unrestricted} skips both (the user's opt-in).
 */
final class DuckDbQuery {
  private static final Pattern MISSING_TABLE =
      Pattern.compile("Table with name ([^ ]+) does not exist");

  private DuckDbQuery() {}

  static QueryResult run(Path runDir, String query, int rows, boolean unrestricted) {
    List<RunTable> tables = RunTable.of(runDir.toString());
    Path spill = null;
    try {
      spill = Files.createTempDirectory("attention-topology-duckdb");
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
        try (Statement s = c.createStatement()) {
          s.execute("SET temp_directory = " + literal(spill.toString()));
          for (RunTable t : tables) {
            s.execute("CREATE VIEW " + identifier(t.name()) + " AS SELECT * FROM " + reader(t));
            if (t.name().equals("top_attended")) {
              s.execute(
                  "CREATE VIEW "
                      + TokenTables.TOP_ATTENDED_LONG
                      + " AS "
                      + TokenTables.TOP_ATTENDED_LONG_DUCKDB);
            }
          }
        }
        DuckDbFunctions.register(c);
        if (!unrestricted) {
          requireOneSelect(c, query);
          try (Statement s = c.createStatement()) {
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("SET autoload_known_extensions = false");
            s.execute(
                "SET allowed_directories = ["
                    + literal(runDir.toAbsolutePath().normalize() + "/")
                    + "]");
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
          }
        }
        try (Statement s = c.createStatement();
            ResultSet r = s.executeQuery(query)) {
          return collect(r, rows);
        }
      } catch (SQLException e) {
        throw new IllegalArgumentException(message(e, runDir, tables), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(spill);
    }
  }

  /**
   * read_parquet over the committed files; the model column comes from the partition folders,
   * always as text.
   */
  private static String reader(RunTable t) {
    if (t.partitions().isEmpty()) {
      return "read_parquet(" + literal(t.dir() + "/*.parquet") + ")";
    }
    List<String> globs = new ArrayList<>();
    for (String p : t.partitions()) {
      globs.add(literal(p + "/*.parquet"));
    }
    return "read_parquet(["
        + String.join(", ", globs)
        + "], hive_partitioning = true, "
        + "hive_types = {'model': VARCHAR})";
  }

  private static void requireOneSelect(Connection c, String query) throws SQLException {
    try (java.sql.PreparedStatement p =
        c.prepareStatement(
            "SELECT j ->> 'error_type', j ->> 'error_message', "
                + "coalesce(json_array_length(j -> 'statements'), 0) FROM (SELECT CAST(json_serialize_sql(?) AS JSON) AS j)")) {
      p.setString(1, query);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        String error = r.getString(2);
        if (error != null && !"not implemented".equals(r.getString(1))) {
          throw new IllegalArgumentException(
              error.lines().findFirst().orElse(error)); // a syntax error
        }
        if (error != null || r.getLong(3) != 1) {
          throw new IllegalArgumentException(
              "sql runs one SELECT query over the run's tables and this is "
                  + (error != null ? "not one" : r.getLong(3) + " statements")
                  + "; statements that write, or read other files, need --unrestricted");
        }
      }
    }
  }

  private static QueryResult collect(ResultSet r, int rows) throws SQLException {
    ResultSetMetaData meta = r.getMetaData();
    int n = meta.getColumnCount();
    List<String> columns = new ArrayList<>();
    for (int k = 1; k <= n; k++) {
      columns.add(meta.getColumnLabel(k));
    }
    List<Object[]> values = new ArrayList<>();
    List<String[]> text = new ArrayList<>();
    boolean more = false;
    while (r.next()) {
      if (values.size() == rows) {
        more = true;
        break;
      }
      Object[] v = new Object[n];
      String[] t = new String[n];
      for (int k = 0; k < n; k++) {
        v[k] = r.getObject(k + 1);
        t[k] =
            v[k] == null
                ? "NULL"
                : v[k] instanceof Number || v[k] instanceof String
                    ? v[k].toString()
                    : r.getString(k + 1);
      }
      values.add(v);
      text.add(t);
    }
    return new QueryResult(columns, values, text, more);
  }

  /** DuckDB's message in one line; a missing table lists the run's tables. */
  static String message(SQLException e, Path runDir, List<RunTable> tables) {
    String m = String.valueOf(e.getMessage());
    Matcher missing = MISSING_TABLE.matcher(m);
    if (missing.find()) {
      return "no table "
          + missing.group(1)
          + " in "
          + runDir
          + "; its tables are "
          + RunTable.names(tables);
    }
    // DuckDB's first paragraph (the error and hints such as "Did you mean"), without the query
    // excerpt after the
    // blank line, nor the Java trace and exception class of a failing function.
    List<String> kept = new ArrayList<>();
    for (String line : m.split("\n")) {
      if (line.isBlank()) {
        break;
      }
      if (!line.startsWith("\tat ")) {
        kept.add(line.trim());
      }
    }
    return String.join(" ", kept).replaceFirst("java\\.lang\\.\\w+(Exception|Error): ", "");
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  static String identifier(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is not worth failing the query for
    }
  }
}
