package org.attentiontopology.job.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.attentiontopology.job.tables.TokenTables;
import org.attentiontopology.sql.AttentionTopologyFunctions;

/**
 * A query over a run's tables in Spark SQL (the {@code --engine spark} of the sql command): each
 * table a temporary view, the diagram functions registered.
 *
 * <p>Read-only over the run by default: the text must parse as a query (Spark's grammar for SELECT,
 * WITH, VALUES, FROM, TABLE, so no INSERT, CREATE, SET or ADD JAR), SQL on files ({@code
 * text.`/etc/hostname`}) is switched off, and the functions that call arbitrary Java methods
 * (reflect, java_method, try_reflect) are removed from the session. The warehouse folder Spark
 * insists on lives in a temporary folder, not in the working directory.
 */
final class SparkQuery {
  static final String[] REFLECTION = {"reflect", "java_method", "try_reflect"};

  private SparkQuery() {}

  static QueryResult run(String runDir, String query, int rows, boolean unrestricted) {
    List<RunTable> tables = RunTable.of(runDir);
    Path warehouse;
    try {
      warehouse = Files.createTempDirectory("attention-topology-warehouse");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("attention-topology sql")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.warehouse.dir", warehouse.toUri().toString())
            .getOrCreate();
    try {
      return run(spark, runDir, tables, query, rows, unrestricted);
    } finally {
      spark.stop();
      try (var walk = Files.walk(warehouse)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary folder left behind is not worth failing the query for
      }
    }
  }

  /**
   * The query on a session the caller owns (tests share one); the session keeps the views and
   * restrictions.
   */
  static QueryResult run(
      SparkSession spark,
      String runDir,
      List<RunTable> tables,
      String query,
      int rows,
      boolean unrestricted) {
    for (RunTable t : tables) {
      spark.read().parquet(t.dir()).createOrReplaceTempView(t.name());
      if (t.name().equals("top_attended")) {
        spark
            .sql(TokenTables.TOP_ATTENDED_LONG_SPARK)
            .createOrReplaceTempView(TokenTables.TOP_ATTENDED_LONG);
      }
    }
    AttentionTopologyFunctions.register(spark);
    if (!unrestricted) {
      spark.conf().set("spark.sql.runSQLOnFiles", "false");
      for (String f : REFLECTION) {
        spark.sessionState().functionRegistry().dropFunction(FunctionIdentifier.apply(f));
      }
    }
    try {
      if (!unrestricted) {
        try {
          spark.sessionState().sqlParser().parseQuery(query);
        } catch (Exception notAQuery) {
          try {
            spark.sessionState().sqlParser().parsePlan(query);
          } catch (Exception syntax) {
            throw new IllegalArgumentException(firstLine(syntax), syntax);
          }
          throw new IllegalArgumentException(
              "sql runs one query over the run's tables and this is another kind "
                  + "of statement; statements that write, or read other files, need --unrestricted",
              notAQuery);
        }
      }
      Dataset<Row> df = spark.sql(query);
      List<Row> first = df.limit(rows + 1).collectAsList();
      String[] names = df.columns();
      List<Object[]> values = new ArrayList<>();
      List<String[]> text = new ArrayList<>();
      for (Row r : first.subList(0, Math.min(rows, first.size()))) {
        Object[] v = new Object[names.length];
        String[] t = new String[names.length];
        for (int k = 0; k < names.length; k++) {
          v[k] = r.get(k);
          t[k] = format(v[k]);
        }
        values.add(v);
        text.add(t);
      }
      return new QueryResult(List.of(names), values, text, first.size() > rows);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) { // AnalysisException is checked in Scala's eyes, not Java's
      throw new IllegalArgumentException(message(e, runDir, tables), e);
    }
  }

  /**
   * Spark's error in one line; a missing table lists the run's tables, a failing function gives its
   * own message.
   */
  static String message(Throwable e, String runDir, List<RunTable> tables) {
    if (e instanceof SparkThrowable st && "TABLE_OR_VIEW_NOT_FOUND".equals(st.getCondition())) {
      return "no table "
          + st.getMessageParameters().get("relationName")
          + " in "
          + runDir
          + "; its tables are "
          + RunTable.names(tables);
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IllegalArgumentException) {
        return c.getMessage();
      }
    }
    return firstLine(e);
  }

  private static String firstLine(Throwable e) {
    String m = String.valueOf(e.getMessage());
    return m.lines().findFirst().orElse(m).trim();
  }

  private static String format(Object v) {
    if (v == null) {
      return "NULL";
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      List<String> parts = new ArrayList<>();
      scala.collection.Iterator<?> it = seq.iterator();
      while (it.hasNext()) {
        parts.add(format(it.next()));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof Row r) {
      List<String> parts = new ArrayList<>();
      for (int k = 0; k < r.length(); k++) {
        parts.add(format(r.get(k)));
      }
      return "{" + String.join(", ", parts) + "}";
    }
    return v.toString();
  }
}
