package org.attentiontopology.job.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.job.LocalSpark;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sql command over a small run directory: DuckDB and Spark give the same answers to every SQL
 * example of the docs (read from the markdown, so the docs cannot drift), both stay read-only over
 * the run, and errors are one line. The diagram functions on DuckDB are the Spark ones: same
 * values, same errors.
 */
class SqlCommandTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path run;
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @BeforeAll
  static void writeRun() {
    spark = LocalSpark.start(SqlCommandTest.class, 1);
    run = tmp.resolve("run");
    StructType bar =
        new StructType()
            .add("birth", DataTypes.DoubleType, false)
            .add("death", DataTypes.DoubleType, true);
    StructType diagrams =
        new StructType()
            .add("run_id", "string")
            .add("example_id", "string")
            .add("layer", "int")
            .add("head", "int")
            .add("dim", "int")
            .add("bars", DataTypes.createArrayType(bar));
    Random rnd = new Random(3);
    List<Row> rows = new ArrayList<>();
    List<Row> examples = new ArrayList<>();
    for (String id : new String[] {"x", "y", "z", "w"}) {
      examples.add(RowFactory.create("r1", id, "text of " + id));
      for (int[] lh : new int[][] {{3, 5}, {0, 1}}) {
        for (int dim = 0; dim <= 1; dim++) {
          List<Row> bars = new ArrayList<>();
          int n = 2 + rnd.nextInt(8);
          for (int i = 0; i < n; i++) {
            double birth = dim == 0 ? 0 : rnd.nextDouble() * 0.5;
            bars.add(RowFactory.create(birth, birth + rnd.nextDouble() * 0.6));
          }
          if (dim == 0) {
            bars.add(RowFactory.create(0.0, null));
          }
          rows.add(RowFactory.create("r1", id, lh[0], lh[1], dim, bars.toArray()));
        }
      }
    }
    spark
        .createDataFrame(rows, diagrams)
        .write()
        .parquet(run.resolve("token_diagrams/model=m").toString());
    spark
        .createDataFrame(
            examples,
            new StructType()
                .add("run_id", "string")
                .add("example_id", "string")
                .add("text", "string"))
        .write()
        .parquet(run.resolve("examples/model=m").toString());
    // top_attended as the job stores it: one row per attending unit, its links as arrays in rank
    // order.
    StructType top =
        new StructType()
            .add("run_id", "string")
            .add("example_id", "string")
            .add("layer", "int")
            .add("head", "int")
            .add("from_pos", "int")
            .add("from_token", "string")
            .add("to_pos", DataTypes.createArrayType(DataTypes.IntegerType, false))
            .add("to_token", DataTypes.createArrayType(DataTypes.StringType, false))
            .add("weight", DataTypes.createArrayType(DataTypes.FloatType, false));
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    "r1",
                    "x",
                    0,
                    1,
                    0,
                    "[CLS]",
                    new int[] {2, 0},
                    new String[] {"cat", "[CLS]"},
                    new float[] {0.75f, 0.25f}),
                RowFactory.create(
                    "r1",
                    "x",
                    0,
                    1,
                    1,
                    "the",
                    new int[] {1},
                    new String[] {"the"},
                    new float[] {1f})),
            top)
        .write()
        .parquet(run.resolve("top_attended/model=m").toString());
    spark
        .createDataFrame(List.of(RowFactory.create("r1")), new StructType().add("run_id", "string"))
        .write()
        .parquet(run.resolve("run").toString());
  }

  @Test
  void topAttendedLongHasARowPerRankOnBothEngines() {
    String q =
        "SELECT example_id, layer, head, from_pos, from_token, rank, to_pos, to_token, weight, model "
            + "FROM top_attended_long";
    List<String> expected = new ArrayList<>();
    for (Object[] row :
        new Object[][] {
          {"x", 0, 1, 0, "[CLS]", 1, 2, "cat", 0.75, "m"},
          {"x", 0, 1, 0, "[CLS]", 2, 0, "[CLS]", 0.25, "m"},
          {"x", 0, 1, 1, "the", 1, 1, "the", 1.0, "m"}
        }) {
      StringBuilder b = new StringBuilder();
      for (Object v : row) {
        b.append(
                v instanceof Number n ? String.format("%.12g", n.doubleValue()) : String.valueOf(v))
            .append('|');
      }
      expected.add(b.toString());
    }
    expected.sort(null);
    assertEquals(expected, canonical(duck(q)));
    assertEquals(expected, canonical(sparkSql(q)));
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static QueryResult duck(String query) {
    return DuckDbQuery.run(run, query, 1000, false);
  }

  static QueryResult sparkSql(String query) {
    return SparkQuery.run(spark, run.toString(), RunTable.of(run.toString()), query, 1000, false);
  }

  /** A documented query: its text, where it comes from, and which engines it is written for. */
  record Example(String where, String query, boolean duckdb, boolean spark) {}

  /**
   * Every ```sql block of the docs and README, every `sql RUN "..."` command line, every inline
   * read_parquet.
   */
  static List<Example> documentedQueries() throws IOException {
    List<Example> out = new ArrayList<>();
    Pattern block = Pattern.compile("```(sql|bash)\\n(.*?)```", Pattern.DOTALL);
    Pattern command =
        Pattern.compile(
            "attention-topology sql (?:--engine (\\w+) )?\\S+ \"(.*?)\"", Pattern.DOTALL);
    Pattern inline = Pattern.compile("`([^`]*read_parquet\\([^`]*)`");
    for (String doc : new String[] {"README.md", "docs/sql-functions.md", "docs/tables.md"}) {
      String text = Files.readString(ROOT.resolve(doc), StandardCharsets.UTF_8);
      Matcher m = block.matcher(text);
      while (m.find()) {
        String body = m.group(2).strip();
        String where = doc + " line " + (text.substring(0, m.start()).split("\n", -1).length);
        if (m.group(1).equals("sql")) {
          String first = body.lines().findFirst().orElse("");
          boolean duckOnly = first.startsWith("-- DuckDB");
          boolean sparkOnly = first.startsWith("-- Spark");
          out.add(new Example(where, body.replaceAll(";\\s*$", ""), !sparkOnly, !duckOnly));
        } else {
          Matcher c = command.matcher(body);
          while (c.find()) {
            boolean spark = "spark".equals(c.group(1));
            out.add(new Example(where, c.group(2), !spark, spark));
          }
        }
      }
      Matcher i = inline.matcher(text);
      while (i.find()) {
        String code = i.group(1).replace("DIR", run.toString());
        String where = doc + " line " + (text.substring(0, i.start()).split("\n", -1).length);
        out.add(
            new Example(
                where,
                code.startsWith("SELECT") ? code : "SELECT count(*) FROM " + code,
                true,
                false));
      }
    }
    return out;
  }

  @Test
  void everyDocumentedQueryRunsAndBothEnginesAgree() throws IOException {
    List<Example> examples = documentedQueries();
    assertTrue(examples.size() >= 9, "the docs' examples were found: " + examples);
    for (Example e : examples) {
      QueryResult d = e.duckdb() ? duck(e.query()) : null;
      QueryResult s = e.spark() ? sparkSql(e.query()) : null;
      QueryResult any = d != null ? d : s;
      assertFalse(
          any.values().isEmpty(), e.where() + " returns rows on the test run: " + e.query());
      if (d != null && s != null) {
        assertEquals(
            canonical(s), canonical(d), e.where() + ": DuckDB and Spark disagree on " + e.query());
      }
    }
  }

  /**
   * The rows as sorted text, numbers to 12 significant digits (the engines sum averages in other
   * orders).
   */
  static List<String> canonical(QueryResult r) {
    List<String> rows = new ArrayList<>();
    for (Object[] row : r.values()) {
      StringBuilder b = new StringBuilder();
      for (Object v : row) {
        b.append(
                v instanceof Number n ? String.format("%.12g", n.doubleValue()) : String.valueOf(v))
            .append('|');
      }
      rows.add(b.toString());
    }
    rows.sort(null);
    return rows;
  }

  @Test
  void diagramFunctionsGiveTheSameValuesAndErrorsOnBothEngines() {
    String values =
        "SELECT example_id, layer, head, dim, bar_count(bars), total_persistence(bars), "
            + "max_persistence(bars), persistence_entropy(bars), betti_number(bars, 0.25) FROM token_diagrams";
    assertEquals(canonical(sparkSql(values)), canonical(duck(values)));
    String pairs =
        "SELECT a.example_id, b.example_id, a.dim, bottleneck_distance(a.bars, b.bars), "
            + "wasserstein_distance(a.bars, b.bars, 1), wasserstein_distance(a.bars, b.bars, 2.5), "
            + "wasserstein_distance(a.bars, b.bars, 500) FROM token_diagrams a JOIN token_diagrams b "
            + "ON a.layer = b.layer AND a.head = b.head AND a.dim = b.dim";
    assertEquals(canonical(sparkSql(pairs)), canonical(duck(pairs)));
    // Edge values, written once in the dialect both share.
    String a = "[{'birth': 0.0, 'death': 0.1}]";
    String sparkA = "array(named_struct('birth', 0D, 'death', 0.1D))";
    for (String[] probe :
        new String[][] {
          {"betti_number(BARS, CAST('NaN' AS DOUBLE))", "threshold is NaN"},
          {"wasserstein_distance(BARS, BARS, CAST('NaN' AS DOUBLE))", "q is NaN"},
          {"wasserstein_distance(BARS, BARS, 0.5)", "q = 0.5 is not a Wasserstein order"},
          {"wasserstein_distance(BARS, BARS, 'two')", "q must be a number"},
          {"bar_count(NULL_ELEMENT)", "bars[1] is NULL"},
          {"total_persistence(STRING_BIRTH)", "bars[0].birth must be a number, got 'abc'"}
        }) {
      String duckExpr =
          probe[0]
              .replace("NULL_ELEMENT", "[{'birth': 0.0, 'death': 0.1}, NULL]")
              .replace("STRING_BIRTH", "[{'birth': 'abc', 'death': 1.0}]")
              .replace("BARS", a);
      String sparkExpr =
          probe[0]
              .replace("NULL_ELEMENT", "array(named_struct('birth', 0D, 'death', 0.1D), NULL)")
              .replace("STRING_BIRTH", "array(named_struct('birth', 'abc', 'death', 1D))")
              .replace("BARS", sparkA);
      String d =
          assertThrows(IllegalArgumentException.class, () -> duck("SELECT " + duckExpr))
              .getMessage();
      String s =
          assertThrows(IllegalArgumentException.class, () -> sparkSql("SELECT " + sparkExpr))
              .getMessage();
      assertTrue(d.contains(probe[1]) && !d.contains("\n"), duckExpr + ": " + d);
      assertTrue(s.contains(probe[1]) && !s.contains("\n"), sparkExpr + ": " + s);
    }
    // NULL only for NULL input; W at a large order and W_infinity are values (0.02 here, worked by
    // hand).
    Object[] row =
        duck("SELECT bar_count(NULL), wasserstein_distance("
                + a
                + ", [{'birth': 0.0, 'death': 0.12}], "
                + "1000), wasserstein_distance("
                + a
                + ", [{'birth': 0.0, 'death': 0.12}], 'inf'), betti_number("
                + a
                + ", NULL)")
            .values()
            .get(0);
    assertEquals(null, row[0]);
    assertEquals(0.12 - 0.1, (Double) row[1], 1e-17);
    assertEquals(0.12 - 0.1, (Double) row[2], 1e-17);
    assertEquals(null, row[3]);
  }

  @Test
  void readOnlyOverTheRunByDefault() throws IOException {
    Path outside = tmp.resolve("outside");
    String[] sparkProbes = {
      "SELECT * FROM text.`/etc/hostname`",
      "INSERT OVERWRITE DIRECTORY '" + outside + "' USING csv SELECT 1",
      "SELECT reflect('java.lang.System', 'getProperty', 'user.home')",
      "SELECT java_method('java.lang.System', 'getProperty', 'user.home')",
      "CREATE TABLE t USING parquet LOCATION '" + outside + "' AS SELECT 1 AS one",
      "SET spark.sql.runSQLOnFiles = true"
    };
    for (String probe : sparkProbes) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> sparkSql(probe), probe);
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    String[] duckProbes = {
      sparkProbes[0],
      sparkProbes[1],
      sparkProbes[2],
      "SELECT * FROM read_text('/etc/hostname')",
      "SELECT * FROM read_csv('/etc/passwd')",
      "COPY (SELECT 1) TO '" + outside + ".csv'",
      "COPY (SELECT 1) TO '" + run.resolve("inside.csv") + "'",
      "SELECT 1; COPY (SELECT 1) TO '" + outside + ".csv'",
      "SELECT * FROM query('COPY (SELECT 1) TO ''" + run.resolve("inside.csv") + "''')",
      "ATTACH '" + outside + ".db' AS other",
      "INSTALL httpfs",
      "SET enable_external_access = true"
    };
    for (String probe : duckProbes) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> duck(probe), probe);
      assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
    assertFalse(
        Files.exists(outside)
            || Files.exists(Path.of(outside + ".csv"))
            || Files.exists(Path.of(outside + ".db"))
            || Files.exists(run.resolve("inside.csv")),
        "nothing was written");
    // The opt-in lifts it.
    QueryResult hostname =
        DuckDbQuery.run(run, "SELECT content FROM read_text('/etc/hostname')", 5, true);
    assertEquals(Files.readString(Path.of("/etc/hostname")), hostname.values().get(0)[0]);
  }

  @Test
  void anUnknownTableIsOneLineListingTheTables() {
    for (String engine : new String[] {"duckdb", "spark"}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> {
                QueryResult unused =
                    engine.equals("duckdb")
                        ? duck("SELECT * FROM token_diagram")
                        : sparkSql("SELECT * FROM token_diagram");
              });
      assertEquals(
          "no table token_diagram in "
              + run
              + "; its tables are examples, run, token_diagrams, top_attended",
          e.getMessage().replace("`", ""),
          engine);
    }
    CommandLineTest.Outcome o =
        CommandLineTest.run("sql", run.toString(), "SELECT * FROM token_diagram");
    assertEquals(2, o.code());
    assertEquals(
        "error: no table token_diagram in "
            + run
            + "; its tables are examples, run, token_diagrams, top_attended\n",
        o.err());
  }

  @Test
  void leavesNothingInTheWorkingDirectory() throws Exception {
    // A fresh JVM in an empty folder, with both engines: Spark's warehouse and DuckDB's spill
    // folder go elsewhere.
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    for (String engine : new String[] {"duckdb", "spark"}) {
      ProcessBuilder pb =
          new ProcessBuilder(
                  ChildCli.command(
                      List.of(
                          "sql",
                          "--engine",
                          engine,
                          run.toString(),
                          "SELECT count(*) AS n FROM token_diagrams")))
              .directory(cwd.toFile())
              .redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertEquals(0, p.waitFor(), out);
      assertTrue(out.matches("(?s).*\\|16 *\\|.*"), out);
      try (var left = Files.list(cwd)) {
        assertEquals(List.of(), left.toList(), engine + " left files in the working directory");
      }
    }
  }
}
