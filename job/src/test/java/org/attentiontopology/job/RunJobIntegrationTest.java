package org.attentiontopology.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.diagram.BottleneckDistance;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.stages.AnalyzedExample;
import org.attentiontopology.job.tables.OutputTable;
import org.attentiontopology.job.tables.OutputTables;
import org.attentiontopology.job.tables.TableColumn;
import org.attentiontopology.job.tables.TokenTables;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole job on the 20-line test corpus with the bundled MiniLM and reads every table back.
 */
class RunJobIntegrationTest {
  static SparkSession spark;
  static RunJob.Summary summary;
  static String runDir;
  @TempDir static Path tmp;

  static String resource(String name) throws URISyntaxException {
    return Path.of(RunJobIntegrationTest.class.getResource(name).toURI()).toString();
  }

  @BeforeAll
  static void runTheJob() throws Exception {
    spark = LocalSpark.start(RunJobIntegrationTest.class, 4);
    RunConfig config =
        RunConfig.load(
            null,
            List.of(
                "spark.partitions=3",
                "comparisons.wasserstein=true",
                "inference.work-dir=" + tmp.resolve("work")));
    runDir = tmp.resolve("run").toString();
    summary = new RunJob(spark, config).run(resource("/corpus/tiny.txt"), runDir, false);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** top_attended in its documented long form (a row per rank), through the view's own SQL. */
  static Dataset<Row> topAttendedLong() {
    table("top_attended").createOrReplaceTempView("top_attended");
    return spark.sql(org.attentiontopology.job.tables.TokenTables.TOP_ATTENDED_LONG_SPARK);
  }

  static Dataset<Row> table(String name) {
    return spark.read().parquet(runDir + "/" + name);
  }

  @Test
  void everyTableIsWrittenAsTheCatalogueDeclaresItWithTheCountsTheSummaryReports() {
    List<String> written = new java.util.ArrayList<>();
    for (OutputTable t : OutputTables.ALL) {
      if (!new java.io.File(runDir, t.name()).exists()) {
        continue;
      }
      written.add(t.name());
      Dataset<Row> rows = table(t.name());
      List<String> columns = new java.util.ArrayList<>(List.of("run_id"));
      columns.addAll(t.columnNames());
      columns.add("model");
      assertEquals(columns, List.of(rows.columns()), t.name());
      for (TableColumn c : t.columns()) {
        assertEquals(
            c.type().catalogString(),
            rows.schema().apply(c.name()).dataType().catalogString(),
            t.name() + "." + c.name());
      }
      if (t != OutputTables.RUN) {
        assertEquals(summary.rows().get(t.name()), rows.count(), t.name());
      }
    }
    // A one-model run with H1 and no edge threshold writes every table but these two.
    List<String> expected = new java.util.ArrayList<>();
    for (OutputTable t : OutputTables.ALL) {
      if (t != OutputTables.MODEL_DISTANCES && t != TokenTables.ATTENTION_EDGES) {
        expected.add(t.name());
      }
    }
    assertEquals(expected, written);
    assertEquals(1, table("run").count());
  }

  @Test
  void blankLinesBecomeErrorsAndTheRestIsAnalysed() {
    assertEquals(18, table("examples").count(), "20 lines, one empty and one of spaces");
    List<Row> errors = table("errors").orderBy("ordinal").collectAsList();
    assertEquals(2, errors.size());
    assertEquals(4L, errors.get(0).<Long>getAs("ordinal"), "line 5 is empty");
    assertEquals(10L, errors.get(1).<Long>getAs("ordinal"), "line 11 is only spaces");
    for (Row e : errors) {
      assertEquals("corpus", e.getAs("stage"));
      assertTrue(e.<String>getAs("message").contains("empty or blank"), e.<String>getAs("message"));
    }
  }

  @Test
  void theLongLineIsTruncatedAndSaysSo() {
    Row longest = table("examples").where("ordinal = 17").first();
    assertTrue(longest.<Boolean>getAs("truncated"));
    int n = longest.getAs("n_tokens");
    assertTrue(longest.<Integer>getAs("untruncated_tokens") > n);
    assertEquals(n, longest.<scala.collection.Seq<String>>getAs("tokens").size());
    assertEquals(
        1, table("examples").where("truncated").count(), "only the long line is truncated");
  }

  @Test
  void everyH0DiagramHasOneBarPerTokenAndExactlyOneEssential() {
    Dataset<Row> h0 =
        table("token_diagrams")
            .where("dim = 0")
            .join(table("examples").select("example_id", "n_points"), "example_id");
    assertEquals(18L * 6 * 12, h0.count(), "one H0 diagram per example, layer and head");
    assertEquals(0, h0.where("n_bars != n_points OR n_essential != 1").count());
    assertEquals(18L * 6 * 12, table("token_diagrams").where("dim = 1").count());
    assertEquals(
        0,
        table("token_diagrams").where("dim = 1 AND n_essential != 0").count(),
        "no essential H1 class without a threshold");
  }

  @Test
  void barcodeFeaturesAreThoseOfEachHeadsOwnDiagrams() {
    // Computed from each example's list of diagrams (no join): every row must hold the features of
    // its own head's H0 and H1 diagrams as token_diagrams stores them.
    Dataset<Row> h0 =
        table("token_diagrams")
            .where("dim = 0")
            .selectExpr("example_id", "layer", "head", "bars AS h0");
    Dataset<Row> h1 =
        table("token_diagrams")
            .where("dim = 1")
            .selectExpr("example_id", "layer", "head", "bars AS h1");
    List<String> names = List.of(org.attentiontopology.diagram.BarcodeFeatures.KUSHNAREVA_NAMES);
    List<Row> rows =
        table("barcode_features")
            .join(
                h0,
                scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of("example_id", "layer", "head"))
                    .toSeq())
            .join(
                h1,
                scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of("example_id", "layer", "head"))
                    .toSeq())
            .collectAsList();
    assertEquals(
        18 * 6 * 12, rows.size(), "one row per example, layer and head, each with its diagrams");
    for (Row r : rows) {
      double[] expected =
          org.attentiontopology.diagram.BarcodeFeatures.kushnareva14(
              org.attentiontopology.job.stages.AnalyzedExample.diagram(
                  0, r.<Row>getList(r.fieldIndex("h0"))),
              org.attentiontopology.job.stages.AnalyzedExample.diagram(
                  1, r.<Row>getList(r.fieldIndex("h1"))));
      for (int i = 0; i < expected.length; i++) {
        String column = names.get(i).replace('.', '_');
        assertEquals(
            expected[i],
            r.getDouble(r.fieldIndex(column)),
            0.0,
            r.getString(r.fieldIndex("example_id"))
                + " layer "
                + r.getInt(r.fieldIndex("layer"))
                + " head "
                + r.getInt(r.fieldIndex("head"))
                + ": "
                + column);
      }
    }
  }

  @Test
  void headDistancesAreSymmetricWithZeroDiagonalAndTheTriangleInequality() {
    List<Row> rows = table("head_distances").collectAsList();
    assertEquals(72 * 72, rows.size());
    double[][] d = new double[72][72];
    for (Row r : rows) {
      int i = r.<Integer>getAs("layer_i") * 12 + r.<Integer>getAs("head_i");
      int j = r.<Integer>getAs("layer_j") * 12 + r.<Integer>getAs("head_j");
      d[i][j] = r.getAs("distance");
    }
    java.util.Random rnd = new java.util.Random(1);
    for (int i = 0; i < 72; i++) {
      assertEquals(0.0, d[i][i], 0.0);
      for (int j = 0; j < 72; j++) {
        assertEquals(d[i][j], d[j][i], 0.0);
        if (i != j) {
          assertTrue(d[i][j] > 0, "distinct heads of MiniLM differ");
        }
      }
    }
    for (int s = 0; s < 2000; s++) {
      int i = rnd.nextInt(72);
      int j = rnd.nextInt(72);
      int k = rnd.nextInt(72);
      assertTrue(
          d[i][k] <= d[i][j] + d[j][k] + 1e-9, "triangle inequality " + i + " " + j + " " + k);
    }
    long tokens =
        table("examples").agg(org.apache.spark.sql.functions.sum("n_points")).first().getLong(0);
    assertEquals(
        0, table("head_distances").where("n_tokens != " + tokens).count(), "every token counted");
    // Each token contributes at most 1 (base-2 JS distance is at most 1).
    assertEquals(0, table("head_distances").where("distance > n_tokens").count());
  }

  @Test
  void headDiagramHasOneEssentialH0BarAndSingleLinkageMerges() {
    Dataset<Row> h0 = table("head_diagrams").where("dim = 0");
    assertEquals(72, h0.count());
    assertEquals(1, h0.where("is_essential").count());
    assertEquals(
        0, h0.where("NOT is_essential AND (merge_layer_a IS NULL OR death IS NULL)").count());
    Map<String, Double> distance = new HashMap<>();
    for (Row r : table("head_distances").collectAsList()) {
      distance.put(
          r.getAs("layer_i")
              + ","
              + r.getAs("head_i")
              + ","
              + r.getAs("layer_j")
              + ","
              + r.getAs("head_j"),
          r.getAs("distance"));
    }
    for (Row r : h0.where("NOT is_essential").collectAsList()) {
      String key =
          r.getAs("merge_layer_a")
              + ","
              + r.getAs("merge_head_a")
              + ","
              + r.getAs("merge_layer_b")
              + ","
              + r.getAs("merge_head_b");
      assertEquals(
          distance.get(key), r.<Double>getAs("death"), 0.0, "a merge dies at its edge's length");
    }
  }

  @Test
  void bottleneckDistancesAreNonNegativeAndSymmetric() {
    Dataset<Row> dd = table("diagram_distances");
    assertEquals(
        17L * 72 * 2, dd.count(), "17 consecutive pairs of 18 examples, 72 heads, 2 dimensions");
    assertEquals(0, dd.where("bottleneck < 0 OR bottleneck IS NULL").count());
    Dataset<Row> diagrams = table("token_diagrams");
    for (Row r : dd.limit(40).collectAsList()) {
      String where =
          " AND layer = "
              + r.getAs("layer")
              + " AND head = "
              + r.getAs("head")
              + " AND dim = "
              + r.getAs("dim");
      int dim = r.getAs("dim");
      PersistenceDiagram a =
          AnalyzedExample.diagram(
              dim,
              diagrams
                  .where("example_id = '" + r.getAs("example_a") + "'" + where)
                  .first()
                  .getList(diagrams.first().fieldIndex("bars")));
      PersistenceDiagram b =
          AnalyzedExample.diagram(
              dim,
              diagrams
                  .where("example_id = '" + r.getAs("example_b") + "'" + where)
                  .first()
                  .getList(diagrams.first().fieldIndex("bars")));
      assertEquals(r.<Double>getAs("bottleneck"), BottleneckDistance.distance(a, b), 0.0);
      assertEquals(
          BottleneckDistance.distance(a, b), BottleneckDistance.distance(b, a), 0.0, "symmetric");
    }
  }

  @Test
  void runTableRecordsTheConventions() {
    Row run = table("run").first();
    assertEquals("2", run.getAs("log_base"));
    assertTrue(run.<Boolean>getAs("square_root"));
    assertTrue(run.<Boolean>getAs("special_tokens_kept"));
    assertTrue(run.<String>getAs("indexing").contains("0-based"));
    assertTrue(run.<String>getAs("infinite_death").contains("NULL"));
    assertEquals(20L, run.<Long>getAs("n_examples"));
    assertEquals(2L, run.<Long>getAs("n_errors"));
    assertEquals(1L, run.<Long>getAs("n_truncated"));
    assertNull(run.getAs("threshold"));
    assertNotNull(run.getAs("config"));
  }

  @Test
  void anExistingRunDirectoryIsRefusedWithoutOverwrite() {
    RunConfig config = RunConfig.defaults();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new RunJob(spark, config).run("unused", runDir, false));
    assertTrue(
        e.getMessage().contains("already exists") && e.getMessage().contains("--overwrite"),
        e.getMessage());
    assertFalse(e.getMessage().isBlank());
  }

  @Test
  void theDocumentedSqlFunctionsAgreeWithTheJobsOwnTables() {
    org.attentiontopology.sql.AttentionTopologyFunctions.register(spark);
    for (String t : List.of("token_diagrams", "diagram_distances", "diagram_stats")) {
      table(t).createOrReplaceTempView(t);
    }
    Row pair =
        table("diagram_distances")
            .where("dim = 1 AND layer = 3 AND head = 5")
            .orderBy("example_a")
            .first();
    String x = pair.getAs("example_a");
    String y = pair.getAs("example_b");
    // The nearest-examples query of docs/sql-functions.md: x itself first at 0, and y at the job's
    // distance.
    List<Row> nearest =
        spark
            .sql(
                "SELECT b.example_id, bottleneck_distance(a.bars, b.bars) AS d "
                    + "FROM token_diagrams a JOIN token_diagrams b ON a.model = b.model AND a.layer = b.layer "
                    + "AND a.head = b.head AND a.dim = b.dim "
                    + "WHERE a.example_id = '"
                    + x
                    + "' AND a.layer = 3 AND a.head = 5 AND a.dim = 1 "
                    + "ORDER BY d NULLS LAST")
            .collectAsList();
    assertEquals(18, nearest.size());
    assertEquals(x, nearest.get(0).getString(0));
    assertEquals(0.0, nearest.get(0).getDouble(1), 0.0);
    double viaSql =
        nearest.stream()
            .filter(r -> r.getString(0).equals(y))
            .findFirst()
            .orElseThrow()
            .getDouble(1);
    assertEquals(pair.<Double>getAs("bottleneck"), viaSql, 0.0);
    // W1 and W2 between x and y, as the job wrote them.
    Row w =
        spark
            .sql(
                "SELECT wasserstein_distance(a.bars, b.bars, 1) AS w1, wasserstein_distance(a.bars, b.bars, 2)"
                    + " AS w2 FROM token_diagrams a JOIN token_diagrams b ON a.model = b.model AND a.layer = b.layer "
                    + "AND a.head = b.head AND a.dim = b.dim WHERE a.example_id = '"
                    + x
                    + "' AND b.example_id = '"
                    + y
                    + "' AND a.dim = 1 AND a.layer = 3 AND a.head = 5")
            .first();
    assertEquals(pair.<Double>getAs("wasserstein_1"), w.getDouble(0), 1e-12);
    assertEquals(pair.<Double>getAs("wasserstein_2"), w.getDouble(1), 1e-12);
    // The per-head summaries query against diagram_stats, computed by the job's Java code.
    Dataset<Row> summaries =
        spark.sql(
            "SELECT model, layer, head, dim, avg(persistence_entropy(bars)) AS e, "
                + "avg(total_persistence(bars)) AS t, max(max_persistence(bars)) AS m, avg(betti_number(bars, 0.5)) AS b "
                + "FROM token_diagrams GROUP BY model, layer, head, dim");
    Dataset<Row> expected =
        spark.sql(
            "SELECT model, layer, head, dim, avg(persistence_entropy) AS e, "
                + "avg(total_persistence) AS t, max(max_persistence) AS m, avg(betti[1]) AS b FROM diagram_stats "
                + "GROUP BY model, layer, head, dim");
    Dataset<Row> joined =
        summaries
            .as("s")
            .join(
                expected.as("x"),
                scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of("model", "layer", "head", "dim"))
                    .toSeq());
    assertEquals(144, joined.count());
    assertEquals(
        0,
        joined
            .where(
                "abs(s.e - x.e) > 1e-12 OR abs(s.t - x.t) > 1e-12 OR s.m != x.m "
                    + "OR abs(s.b - x.b) > 1e-12")
            .count());
    // The long-lived loops query runs and counts examples per head.
    assertTrue(
        spark
                .sql(
                    "SELECT layer, head, count(*) AS examples FROM token_diagrams WHERE dim = 1 "
                        + "AND max_persistence(bars) > 0.01 AND bar_count(bars) >= 1 GROUP BY layer, head")
                .count()
            > 0);
  }

  @Test
  void tokenAttentionColumnSumsAddUpToTheRowsAndTopKIsSorted() {
    // Every row sums to 1, so one head's column sums (attention received) add up to the number of
    // tokens.
    Dataset<Row> perHead =
        table("token_attention")
            .where("layer >= 0 AND NOT weighted")
            .groupBy("example_id", "layer", "head")
            .agg(
                org.apache.spark.sql.functions.sum("received").as("total"),
                org.apache.spark.sql.functions.count("*").as("n"),
                org.apache.spark.sql.functions.sum("share").as("s"));
    assertEquals(18L * 72, perHead.count());
    assertEquals(0, perHead.where("abs(total - n) > 1e-3 * n OR abs(s - 1) > 1e-3").count());
    // The sum over all heads is the sum of the per-head rows.
    Dataset<Row> summed =
        table("token_attention").where("layer = -1 AND head = -1 AND NOT weighted");
    Dataset<Row> bySum =
        table("token_attention")
            .where("layer >= 0 AND NOT weighted")
            .groupBy("example_id", "position")
            .agg(org.apache.spark.sql.functions.sum("received").as("r"));
    assertEquals(
        0,
        summed
            .join(
                bySum,
                scala.jdk.javaapi.CollectionConverters.asScala(List.of("example_id", "position"))
                    .toSeq())
            .where("abs(received - r) > 1e-9")
            .count());
    // Ranks follow the weights: within one attending token, rank r+1 never weighs more than rank r,
    // and equal
    // weights are ordered by position.
    topAttendedLong().createOrReplaceTempView("top_attended_long");
    long disorder =
        spark
            .sql(
                "SELECT * FROM (SELECT weight, to_pos, lag(weight) OVER w AS pw, lag(to_pos) OVER w AS pp "
                    + "FROM top_attended_long WINDOW w AS (PARTITION BY example_id, layer, head, from_pos ORDER BY rank)) "
                    + "WHERE pw IS NOT NULL AND (weight > pw OR (weight = pw AND to_pos < pp))")
            .count();
    assertEquals(0, disorder);
    assertEquals(
        0,
        topAttendedLong()
            .groupBy("example_id", "layer", "head", "from_pos")
            .count()
            .where("count > 5")
            .count(),
        "k = 5");
    // Clark et al.'s statistics are shares of attention mass.
    assertEquals(
        0,
        table("head_stats")
            .where(
                "self < 0 OR self > 1 OR first < 0 OR first > 1 "
                    + "OR separator < 0 OR separator > 1.0001 OR distance_previous < 0 OR distance_previous > 1")
            .count());
  }

  @Test
  void headStatsCorpusIsTheUnitWeightedMeanOfEveryHeadStatistic() {
    // Recomputed here in plain SQL for every declared statistic, a new one included.
    Dataset<Row> perExample = table("head_stats");
    Dataset<Row> corpus = table("head_stats_corpus");
    long heads = corpus.count();
    assertEquals(6 * 12, heads);
    for (String stat : org.attentiontopology.job.stages.HeadStatistics.names()) {
      Dataset<Row> joined =
          perExample
              .groupBy("layer", "head")
              .agg(
                  org.apache.spark.sql.functions.expr(
                      "sum(" + stat + " * n_units) / sum(n_units) AS expected"))
              .join(
                  corpus,
                  scala.jdk.javaapi.CollectionConverters.asScala(List.of("layer", "head")).toSeq());
      assertEquals(heads, joined.count(), stat);
      for (Row r : joined.collectAsList()) {
        double want = r.getAs("expected");
        double got = r.getAs(stat);
        assertEquals(want, got, 1e-12 * Math.max(1, Math.abs(want)), stat + " " + r);
      }
    }
  }

  @Test
  void topAttendedAndTokenAttentionHoldTheModelsAttention() {
    // An oracle for the exploded tables: one example's attention from the model in this JVM
    // (weights may differ
    // from the job's in the last bits, as the job batched it with others, hence 1e-5), its top five
    // by a full sort
    // and its column sums, against every row of top_attended and token_attention for that example.
    Row example = table("examples").where("ordinal = 0").first();
    String id = example.getAs("example_id");
    float[][][][] a;
    try (org.attentiontopology.job.model.family.text.TextAttentionModel model =
        org.attentiontopology.job.model.family.text.TextAttentionModel.load(
            org.attentiontopology.job.model.spec.ModelSpecs.load("all-minilm-l6-v2"),
            tmp.resolve("oracle"))) {
      a = model.attend(example.<String>getAs("text")).attention();
    }
    int t = a[0][0].length;
    List<Row> top =
        topAttendedLong()
            .where(org.apache.spark.sql.functions.col("example_id").equalTo(id))
            .orderBy("layer", "head", "from_pos", "rank")
            .collectAsList();
    assertEquals(
        6 * 12 * t * 5, top.size(), "five per layer, head and token (no zero weights in MiniLM)");
    int at = 0;
    for (int l = 0; l < 6; l++) {
      for (int h = 0; h < 12; h++) {
        for (int from = 0; from < t; from++) {
          float[] row = a[l][h][from];
          float[] sorted = row.clone();
          java.util.Arrays.sort(sorted);
          for (int rank = 1; rank <= 5; rank++) {
            Row r = top.get(at++);
            String where = "layer " + l + " head " + h + " from " + from + " rank " + rank;
            assertEquals(l, r.<Integer>getAs("layer"), where);
            assertEquals(h, r.<Integer>getAs("head"), where);
            assertEquals(from, r.<Integer>getAs("from_pos"), where);
            assertEquals(rank, r.<Integer>getAs("rank"), where);
            int to = r.getAs("to_pos");
            float weight = r.getAs("weight");
            assertEquals(row[to], weight, 1e-5, where + ": the weight is the attention at to_pos");
            assertEquals(sorted[t - rank], weight, 1e-5, where + ": the rank-th largest weight");
          }
        }
      }
    }
    List<Row> received =
        table("token_attention")
            .where(
                org.apache
                    .spark
                    .sql
                    .functions
                    .col("example_id")
                    .equalTo(id)
                    .and(org.apache.spark.sql.functions.col("layer").geq(0)))
            .orderBy("layer", "head", "position")
            .collectAsList();
    assertEquals(6 * 12 * t, received.size());
    at = 0;
    for (int l = 0; l < 6; l++) {
      for (int h = 0; h < 12; h++) {
        for (int p = 0; p < t; p++) {
          double column = 0;
          for (int from = 0; from < t; from++) {
            column += a[l][h][from][p];
          }
          Row r = received.get(at++);
          assertEquals(p, r.<Integer>getAs("position"));
          assertEquals(
              column,
              r.<Double>getAs("received"),
              1e-4,
              "layer " + l + " head " + h + " position " + p);
          assertEquals(column / t, r.<Double>getAs("share"), 1e-4 / t);
        }
      }
    }
  }

  @Test
  void perExampleTablesAreWrittenInTheOrderOfTheirKeys() throws Exception {
    // The per-example tables are not sorted when written: the examples are sorted by id once, and
    // each example's
    // rows come out in the order they were made (RunJob). Their files, read one by one in name
    // order, must still
    // be in strictly increasing order of the table's key, as a sort would have left them.
    // Those are the tables the catalogue declares without a sort: each is checked against its key.
    Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
    for (OutputTable t : OutputTables.PER_MODEL) {
      if (t.sortedBy().isEmpty() && new java.io.File(runDir, t.name()).exists()) {
        keys.put(t.name(), t.key());
      }
    }
    assertEquals(
        List.of(
            "token_diagrams",
            "diagram_stats",
            "barcode_features",
            "token_distances",
            "top_attended",
            "token_attention",
            "head_stats"),
        List.copyOf(keys.keySet()));
    for (Map.Entry<String, List<String>> table : keys.entrySet()) {
      java.io.File[] files =
          new java.io.File(runDir + "/" + table.getKey() + "/model=all-minilm-l6-v2")
              .listFiles((dir, name) -> name.endsWith(".parquet"));
      assertNotNull(files, table.getKey());
      java.util.Arrays.sort(files);
      List<String> key = table.getValue();
      Row previous = null;
      long rowsSeen = 0;
      for (java.io.File file : files) {
        Dataset<Row> part =
            spark
                .read()
                .parquet(file.getPath())
                .select(key.get(0), key.subList(1, key.size()).toArray(new String[0]));
        assertEquals(
            1, part.rdd().getNumPartitions(), file + " is read as one partition, in its order");
        for (Row r : part.collectAsList()) {
          if (previous != null) {
            assertTrue(
                compareKeys(previous, r) < 0,
                table.getKey() + ": " + previous + " then " + r + " in " + file);
          }
          previous = r;
          rowsSeen++;
        }
      }
      assertEquals(table(table.getKey()).count(), rowsSeen, table.getKey());
      assertTrue(rowsSeen > 0, table.getKey());
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compareKeys(Row a, Row b) {
    for (int i = 0; i < a.size(); i++) {
      int c = ((Comparable) a.get(i)).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
