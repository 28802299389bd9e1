package org.attentiontopology.job.tables;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RunComparison on tiny synthetic run directories: what must agree, what may differ, what it
 * reports.
 */
class RunComparisonTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static int dirs;

  static final StructType DIAGRAMS =
      new StructType()
          .add("run_id", StringType)
          .add("example_id", StringType)
          .add("dim", IntegerType)
          .add(
              "bars",
              createArrayType(new StructType().add("birth", DoubleType).add("death", DoubleType)));
  static final StructType DISTANCES =
      new StructType()
          .add("run_id", StringType)
          .add("layer_i", IntegerType)
          .add("layer_j", IntegerType)
          .add("distance", DoubleType);
  static final StructType RUN =
      new StructType()
          .add("run_id", StringType)
          .add("wall_seconds", DoubleType)
          .add("table_rows", createMapType(StringType, IntegerType));

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("RunComparisonTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Row bar(double birth, Double death) {
    return RowFactory.create(birth, death);
  }

  static List<Row> diagrams() {
    return new ArrayList<>(
        List.of(
            RowFactory.create("r1", "e1", 0, new Row[] {bar(0, 0.25), bar(0, null)}),
            RowFactory.create("r1", "e1", 1, new Row[] {bar(0.3, 0.35)}),
            RowFactory.create("r1", "e2", 0, new Row[] {bar(0, null)})));
  }

  static List<Row> distances(double d01) {
    return new ArrayList<>(
        List.of(
            RowFactory.create("r1", 0, 0, 0.0),
            RowFactory.create("r1", 0, 1, d01),
            RowFactory.create("r1", 1, 1, 0.0)));
  }

  /**
   * A run directory with three tables; the run table's timing differs per directory, as in real
   * runs.
   */
  static String runDir(String runId, List<Row> diagrams, List<Row> distances, int partitions) {
    String dir = tmp.resolve("run-" + dirs++).toString();
    spark
        .createDataFrame(diagrams, DIAGRAMS)
        .repartition(partitions)
        .write()
        .parquet(dir + "/token_diagrams");
    spark
        .createDataFrame(distances, DISTANCES)
        .repartition(partitions)
        .write()
        .parquet(dir + "/head_distances");
    spark
        .createDataFrame(
            List.of(
                RowFactory.create(
                    runId,
                    10.0 + dirs,
                    scala.collection.immutable.Map.from(
                        scala.jdk.javaapi.CollectionConverters.asScala(
                            Map.of("token_diagrams", diagrams.size()))))),
            RUN)
        .write()
        .parquet(dir + "/run");
    return dir;
  }

  static RunComparison.Result compare(String a, String b) {
    return new RunComparison(spark, RunComparison.DEFAULT_TOLERANCE).compare(a, b);
  }

  @Test
  void sameRowsInAnotherOrderAndLayoutAreEqual() {
    List<Row> shuffled = diagrams();
    java.util.Collections.reverse(shuffled);
    RunComparison.Result r =
        compare(
            runDir("r1", diagrams(), distances(0.5), 1), runDir("r1", shuffled, distances(0.5), 3));
    assertTrue(r.equal(), r.differences().toString());
    assertEquals(List.of("head_distances", "run", "token_diagrams"), r.tables());
    assertTrue(r.matchedWithinTolerance().isEmpty(), "bit-identical rows need no tolerance");
  }

  @Test
  void lastBitDifferencesAreEqualWithinToleranceButNotExactly() {
    String a = runDir("r1", diagrams(), distances(0.5), 1);
    String b = runDir("r1", diagrams(), distances(Math.nextUp(0.5) + 1e-15), 2);
    RunComparison.Result r = compare(a, b);
    assertTrue(r.equal(), r.differences().toString());
    assertEquals(Map.of("head_distances", 1L), r.matchedWithinTolerance());
    RunComparison.Result exact = new RunComparison(spark, 0).compare(a, b);
    assertFalse(exact.equal());
    assertTrue(
        exact.differences().get(0).contains("head_distances"), exact.differences().toString());
  }

  @Test
  void aChangedValueIsReportedWithItsRows() {
    List<Row> changed = diagrams();
    changed.set(1, RowFactory.create("r1", "e1", 1, new Row[] {bar(0.3, 0.36)}));
    RunComparison.Result r =
        compare(
            runDir("r1", diagrams(), distances(0.5), 1), runDir("r1", changed, distances(0.5), 1));
    assertFalse(r.equal());
    String all = String.join("\n", r.differences());
    assertTrue(all.contains("table token_diagrams: 1 rows of A and 1 rows of B"), all);
    assertTrue(all.contains("only in A") && all.contains("0.35"), all);
    assertTrue(all.contains("only in B") && all.contains("0.36"), all);
  }

  @Test
  void rowsAreAMultisetAndNullsAreNotZeros() {
    List<Row> duplicated = diagrams();
    duplicated.set(2, duplicated.get(1)); // same count, one row twice and another missing
    assertFalse(
        compare(
                runDir("r1", diagrams(), distances(0.5), 1),
                runDir("r1", duplicated, distances(0.5), 1))
            .equal());
    List<Row> finite = diagrams();
    finite.set(2, RowFactory.create("r1", "e2", 0, new Row[] {bar(0, 0.0)}));
    assertFalse(
        compare(
                runDir("r1", diagrams(), distances(0.5), 1),
                runDir("r1", finite, distances(0.5), 1))
            .equal());
  }

  @Test
  void runIdsMustAgreeAndMissingTablesAreReported() {
    RunComparison.Result r =
        compare(
            runDir("r1", diagrams(), distances(0.5), 1),
            runDir("r2", diagrams(), distances(0.5), 1));
    assertFalse(r.equal());
    assertTrue(
        String.join("\n", r.differences()).contains("table run:"), r.differences().toString());

    String a = runDir("r1", diagrams(), distances(0.5), 1);
    String b = runDir("r1", diagrams(), distances(0.5), 1);
    spark
        .createDataFrame(List.of(RowFactory.create("r1", 1, 1, 0.0)), DISTANCES)
        .write()
        .parquet(a + "/extra_table");
    RunComparison.Result missing = compare(a, b);
    assertEquals(List.of("table extra_table is only in " + a), missing.differences());
  }

  @Test
  void theCompareCommandsExitCodeSaysWhetherTheRunsAgree() {
    String a = runDir("r1", diagrams(), distances(0.5), 1);
    String b = runDir("r1", diagrams(), distances(0.75), 1);
    assertEquals(
        0,
        org.attentiontopology.job.cli.Main.execute(
            "compare", a, runDir("r1", diagrams(), distances(0.5), 2)));
    PrintStream stdout = System.out;
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    System.setOut(new PrintStream(text, true, StandardCharsets.UTF_8));
    try {
      assertEquals(
          1, org.attentiontopology.job.cli.Main.execute("compare", "--tolerance", "1e-6", a, b));
    } finally {
      System.setOut(stdout);
    }
    assertTrue(
        text.toString(StandardCharsets.UTF_8).contains("0.75"),
        text.toString(StandardCharsets.UTF_8));
    assertEquals(2, org.attentiontopology.job.cli.Main.execute("compare", a));
    assertEquals(
        2, org.attentiontopology.job.cli.Main.execute("compare", "--tolerance", "x", a, b));
    assertEquals(
        2, org.attentiontopology.job.cli.Main.execute("compare", "--tolerance", "-1", a, b));
  }
}
