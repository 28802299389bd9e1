package org.attentiontopology.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.diagram.BottleneckDistance;
import org.attentiontopology.diagram.DiagramStatistics;
import org.attentiontopology.diagram.WassersteinDistance;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SQL functions on a small in-memory token_diagrams table agree with the plain-Java functions.
 */
class AttentionTopologyFunctionsTest {
  private static SparkSession spark;
  private static final List<PersistenceDiagram> DIAGRAMS = new ArrayList<>();

  static final StructType BAR =
      new StructType()
          .add("birth", DataTypes.DoubleType, false)
          .add("death", DataTypes.DoubleType, true);
  static final StructType SCHEMA =
      new StructType()
          .add("example_id", DataTypes.StringType, false)
          .add("layer", DataTypes.IntegerType, false)
          .add("head", DataTypes.IntegerType, false)
          .add("dim", DataTypes.IntegerType, false)
          .add("bars", DataTypes.createArrayType(BAR, false), true);

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("sql-functions-test")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .getOrCreate();
    AttentionTopologyFunctions.register(spark);
    Random rnd = new Random(5);
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < 6; e++) {
      PersistenceDiagram.Builder b = new PersistenceDiagram.Builder(1);
      int n = e == 0 ? 0 : 3 + rnd.nextInt(12);
      for (int i = 0; i < n; i++) {
        double birth = rnd.nextDouble();
        b.add(birth, birth + rnd.nextDouble() * 0.5);
      }
      if (e != 3) {
        b.addEssential(
            0); // example 3 lacks the essential bar: its distances to the others are infinite
      }
      PersistenceDiagram d = b.build();
      DIAGRAMS.add(d);
      List<Row> bars = new ArrayList<>();
      for (int i = 0; i < d.size(); i++) {
        bars.add(RowFactory.create(d.birth(i), d.isEssential(i) ? null : d.death(i)));
      }
      rows.add(RowFactory.create("x" + e, 3, 5, 1, bars.toArray()));
    }
    rows.add(RowFactory.create("null-bars", 3, 5, 1, null));
    Dataset<Row> df = spark.createDataFrame(rows, SCHEMA);
    df.createOrReplaceTempView("token_diagrams");
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static int index(String id) {
    return Integer.parseInt(id.substring(1));
  }

  @Test
  void distancesAgreeWithJava() {
    List<Row> out =
        spark
            .sql(
                "SELECT a.example_id AS ea, b.example_id AS eb, bottleneck_distance(a.bars, b.bars) "
                    + "AS bn, wasserstein_distance(a.bars, b.bars, 1.0) AS w1, wasserstein_distance(a.bars, b.bars, 2.0) AS w2 "
                    + "FROM token_diagrams a JOIN token_diagrams b ON a.layer = b.layer AND a.head = b.head AND a.dim = b.dim "
                    + "WHERE a.bars IS NOT NULL AND b.bars IS NOT NULL")
            .collectAsList();
    assertEquals(36, out.size());
    int infinite = 0;
    for (Row r : out) {
      PersistenceDiagram a = DIAGRAMS.get(index(r.getString(0)));
      PersistenceDiagram b = DIAGRAMS.get(index(r.getString(1)));
      double bn = BottleneckDistance.distance(a, b);
      if (Double.isInfinite(bn)) {
        infinite++;
        assertTrue(
            r.isNullAt(2) && r.isNullAt(3) && r.isNullAt(4),
            "infinite distances come back as NULL");
        continue;
      }
      assertEquals(bn, r.getDouble(2), 0.0, "bottleneck " + r);
      assertEquals(WassersteinDistance.distance(a, b, 1), r.getDouble(3), 0.0, "W1 " + r);
      assertEquals(WassersteinDistance.distance(a, b, 2), r.getDouble(4), 0.0, "W2 " + r);
    }
    assertEquals(10, infinite, "example 3 against the 5 others, both ways");
  }

  @Test
  void statisticsAgreeWithJava() {
    List<Row> out =
        spark
            .sql(
                "SELECT example_id, persistence_entropy(bars), betti_number(bars, 0.5), "
                    + "total_persistence(bars), max_persistence(bars), bar_count(bars) FROM token_diagrams "
                    + "WHERE bars IS NOT NULL")
            .collectAsList();
    assertEquals(6, out.size());
    for (Row r : out) {
      PersistenceDiagram d = DIAGRAMS.get(index(r.getString(0)));
      DiagramStatistics s = DiagramStatistics.of(d);
      assertEquals(s.entropy(), r.getDouble(1), 0.0);
      assertEquals(DiagramStatistics.bettiNumber(d, 0.5), r.getInt(2));
      assertEquals(s.totalPersistence(), r.getDouble(3), 0.0);
      assertEquals(s.maxPersistence(), r.getDouble(4), 0.0);
      assertEquals(d.size(), r.getInt(5));
    }
  }

  @Test
  void nullInputGivesNull() {
    Row r =
        spark
            .sql(
                "SELECT bottleneck_distance(bars, bars), wasserstein_distance(bars, bars, 1.0), "
                    + "persistence_entropy(bars), betti_number(bars, 0.1), total_persistence(bars), max_persistence(bars), "
                    + "bar_count(bars) FROM token_diagrams WHERE example_id = 'null-bars'")
            .first();
    for (int i = 0; i < 7; i++) {
      assertNull(r.get(i), "column " + i);
    }
  }

  @Test
  void nearestExamplesQueryFromTheDocs() {
    List<Row> out =
        spark
            .sql(
                "SELECT b.example_id, bottleneck_distance(a.bars, b.bars) AS d FROM token_diagrams a "
                    + "JOIN token_diagrams b ON a.layer = b.layer AND a.head = b.head AND a.dim = b.dim "
                    + "WHERE a.example_id = 'x1' AND a.layer = 3 AND a.head = 5 AND a.dim = 1 AND b.bars IS NOT NULL "
                    + "ORDER BY d NULLS LAST LIMIT 5")
            .collectAsList();
    assertEquals(5, out.size());
    assertEquals("x1", out.get(0).getString(0), "an example is nearest to itself");
    assertEquals(0.0, out.get(0).getDouble(1), 0.0);
    for (int i = 1; i < out.size(); i++) {
      assertTrue(out.get(i).isNullAt(1) || out.get(i - 1).getDouble(1) <= out.get(i).getDouble(1));
    }
  }

  private static final String A = "array(named_struct('birth', 0D, 'death', 0.1D))";
  private static final String B = "array(named_struct('birth', 0D, 'death', 0.12D))";

  private static Row one(String expressions) {
    return spark.sql("SELECT " + expressions).first();
  }

  /**
   * The message of the IllegalArgumentException behind a failing query, whatever Spark wrapped it
   * in.
   */
  private static String error(String expression) {
    Exception e =
        assertThrows(
            Exception.class, () -> spark.sql("SELECT " + expression).collectAsList(), expression);
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof IllegalArgumentException) {
        return c.getMessage();
      }
    }
    throw new AssertionError(expression + " failed without naming its argument", e);
  }

  @Test
  void largeOrdersAndCoordinatesGiveTheValueNotNullOrZero() {
    // Worked by hand: one pair 0.02 apart against 0.05 and 0.06 to the diagonal, so W_q = 0.02 for
    // every q, and
    // W_infinity is the bottleneck distance, also 0.02.
    Row r =
        one(
            "wasserstein_distance("
                + A
                + ", "
                + B
                + ", 300), wasserstein_distance("
                + A
                + ", "
                + B
                + ", 1e6D), wasserstein_distance("
                + A
                + ", "
                + B
                + ", double('Infinity')), bottleneck_distance("
                + A
                + ", "
                + B
                + ")");
    for (int i = 0; i < 4; i++) {
      assertEquals(0.12 - 0.1, r.getDouble(i), 1e-17, "column " + i);
    }
    // Coordinates near 1e200: the pair costs 1e200 and W_2 = 1e200, whose square overflows a
    // double.
    Row big =
        one(
            "wasserstein_distance(array(named_struct('birth', 1e200D, 'death', 3e200D)), "
                + "array(named_struct('birth', 1e200D, 'death', 2e200D)), 2), total_persistence(array(named_struct('birth', "
                + "-1e300D, 'death', 1e300D)))");
    assertEquals(1e200, big.getDouble(0), 1e185);
    assertEquals(2e300, big.getDouble(1), 0.0);
  }

  @Test
  void statisticsAtTheEndsOfTheScale() {
    // Worked by hand. Lengths 1e-300 and 2e-300: entropy of (1/3, 2/3) = ln 3 - (2/3) ln 2; lengths
    // 2e300 and
    // 2e300: ln 2; the bottleneck distance of (1e200, 3e200) and (1e200, 2e200) is 1e200 (pair and
    // diagonal alike).
    String tiny =
        "array(named_struct('birth', 0D, 'death', 1e-300D), named_struct('birth', 0D, 'death', 2e-300D))";
    String huge =
        "array(named_struct('birth', -1e300D, 'death', 1e300D), named_struct('birth', -1e300D, 'death', "
            + "1e300D))";
    Row r =
        one(
            "persistence_entropy("
                + tiny
                + "), max_persistence("
                + tiny
                + "), persistence_entropy("
                + huge
                + "), max_persistence("
                + huge
                + "), betti_number("
                + huge
                + ", 0), bottleneck_distance(array(named_struct("
                + "'birth', 1e200D, 'death', 3e200D)), array(named_struct('birth', 1e200D, 'death', 2e200D)))");
    assertEquals(Math.log(3) - 2 * Math.log(2) / 3, r.getDouble(0), 1e-15);
    assertEquals(2e-300, r.getDouble(1), 0.0);
    assertEquals(Math.log(2), r.getDouble(2), 1e-15);
    assertEquals(2e300, r.getDouble(3), 0.0);
    assertEquals(2, r.getInt(4));
    assertEquals(1e200, r.getDouble(5), 1e185);
  }

  @Test
  void thresholdsAtTheEndsOfTheLine() {
    String bars =
        "array(named_struct('birth', 0D, 'death', 0.5D), named_struct('birth', 0.25D, 'death', "
            + "CAST(NULL AS DOUBLE)))";
    Row r =
        one(
            "betti_number("
                + bars
                + ", double('Infinity')), betti_number("
                + bars
                + ", double('-Infinity')), "
                + "betti_number("
                + bars
                + ", 0.3), betti_number("
                + bars
                + ", CAST(NULL AS DOUBLE)), wasserstein_distance("
                + bars
                + ", "
                + bars
                + ", CAST(NULL AS DOUBLE))");
    assertEquals(1, r.getInt(0), "only the essential bar is alive at +Infinity");
    assertEquals(0, r.getInt(1));
    assertEquals(2, r.getInt(2));
    assertTrue(r.isNullAt(3) && r.isNullAt(4), "NULL threshold or order: NULL");
  }

  @Test
  void badArgumentsFailNamingTheArgument() {
    assertTrue(error("betti_number(" + A + ", double('NaN'))").startsWith("threshold is NaN"));
    assertTrue(
        error("wasserstein_distance(" + A + ", " + B + ", double('NaN'))").startsWith("q is NaN"));
    assertTrue(
        error("wasserstein_distance(" + A + ", " + B + ", 0.5)").startsWith("q = 0.5 is not"));
    assertTrue(
        error("wasserstein_distance(" + A + ", " + B + ", 'two')")
            .startsWith("q must be a number"));
    assertTrue(error("betti_number(" + A + ", 'half')").startsWith("threshold must be a number"));
    assertTrue(
        error("bottleneck_distance(" + A + ", 0.5D)").startsWith("bars_b must be an ARRAY<STRUCT"));
    assertTrue(
        error("bar_count(array(named_struct('birth', 'abc', 'death', 1D)))")
            .startsWith("bars[0].birth must be a number, got 'abc'"));
    assertTrue(
        error(
                "max_persistence(array(named_struct('birth', 0D, 'death', 1D), named_struct('birth', 0D, "
                    + "'death', double('NaN'))))")
            .startsWith("bars[1] = (0.0, NaN) is not a bar"));
    assertTrue(
        error("persistence_entropy(array(named_struct('birth', 0D, 'death', 1D), NULL))")
            .startsWith("bars[1] is NULL"));
    assertTrue(
        error("total_persistence(array(named_struct('birth', 0D, 'death', 1e301D)))")
            .startsWith("bars[0] = (0.0, 1.0E301) lies beyond"));
    assertTrue(
        error("bottleneck_distance(" + A + ", array(named_struct('birth', 1D, 'death', 0D)))")
            .startsWith("bars_b[0] = (1.0, 0.0) is not a bar"));
  }
}
