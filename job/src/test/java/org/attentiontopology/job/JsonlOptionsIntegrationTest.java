package org.attentiontopology.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.corpus.ExampleIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JSONL corpus with labels and groups, and the non-default options: pairs within groups with
 * Wasserstein distances, special tokens excluded, word-level token statistics, H2, a malformed line
 * among good ones, a given id equal to a derived one, and hidden files beside the corpus file in
 * its folder.
 */
class JsonlOptionsIntegrationTest {
  static final String DERIVED = "Whisk the eggs before the butter melts.";
  static SparkSession spark;
  static String runDir;
  @TempDir static Path tmp;

  @BeforeAll
  static void run() throws Exception {
    spark = LocalSpark.start(JsonlOptionsIntegrationTest.class, 3);
    List<String> lines =
        new java.util.ArrayList<>(
            Files.readAllLines(
                Path.of(
                    JsonlOptionsIntegrationTest.class.getResource("/corpus/tiny.jsonl").toURI())));
    lines.add("{\"id\": \"broken\", \"text\": ");
    lines.add(
        "{\"id\": \"t1\", \"text\": \"A repeated id is refused, the first one kept.\", \"group\": \"sport\"}");
    // A given id equal to the id derived from another record's text: both are analysed, under
    // distinct ids.
    lines.add(
        "{\"id\": \""
            + ExampleIds.ofText(DERIVED)
            + "\", \"text\": \"Simmer the sauce gently.\", "
            + "\"group\": \"cooking\"}");
    lines.add("{\"text\": \"" + DERIVED + "\", \"group\": \"cooking\"}");
    // A folder corpus: files with hidden names are skipped, counted in the run table.
    Path corpus = Files.createDirectories(tmp.resolve("corpus"));
    Files.write(corpus.resolve("corpus.jsonl"), lines);
    Files.writeString(corpus.resolve(".notes.txt"), "not a document\n");
    Files.writeString(corpus.resolve("_SUCCESS"), "");
    RunConfig config =
        RunConfig.load(
            null,
            List.of(
                "comparisons.pairs=group",
                "comparisons.wasserstein=true",
                "tokens.keep-special=false",
                "token-analysis.word-level=true",
                "persistence.max-dimension=2",
                "token-analysis.edges-threshold=0.3",
                "inference.work-dir=" + tmp.resolve("work")));
    runDir = tmp.resolve("run").toString();
    new RunJob(spark, config).run(corpus.toString(), runDir, false);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static Dataset<Row> table(String name) {
    return spark.read().parquet(runDir + "/" + name);
  }

  @Test
  void labelsGroupsAndErrorsComeThrough() {
    assertEquals(
        9, table("examples").count(), "t1-t8 minus the empty t4, and the two records of one id");
    assertEquals(9, table("examples").select("example_id").distinct().count());
    assertEquals(2L, table("run").first().<Long>getAs("n_skipped_files"));
    Row t8 = table("examples").where("example_id = 't8'").first();
    assertTrue(t8.isNullAt(t8.fieldIndex("label")) && t8.isNullAt(t8.fieldIndex("group")));
    assertEquals("quotation", table("examples").where("example_id = 't7'").first().getAs("label"));
    List<Row> errors = table("errors").orderBy("ordinal").collectAsList();
    assertEquals(3, errors.size(), "empty text, malformed line, repeated id");
    assertTrue(errors.get(1).<String>getAs("message").contains("malformed JSON on line 9"));
    assertTrue(errors.get(2).<String>getAs("message").contains("duplicate example id 't1'"));
  }

  @Test
  void pairsAreAllPairsWithinEachGroupWithWasserstein() {
    Dataset<Row> pairs = table("diagram_distances").select("example_a", "example_b").distinct();
    // sport: t1, t2, t3 -> 3 pairs; cooking: t5, t6, t7 and the two records of one id -> 10 pairs;
    // t8 has no group.
    assertEquals(13, pairs.count());
    Dataset<Row> dd = table("diagram_distances");
    assertEquals(13L * 72 * 3, dd.count(), "13 pairs, 72 heads, dimensions 0-2");
    assertEquals(0, dd.where("wasserstein_1 IS NULL OR wasserstein_2 IS NULL").count());
    assertEquals(
        0,
        dd.where("bottleneck > wasserstein_2 + 1e-12 OR wasserstein_2 > wasserstein_1 + 1e-12")
            .count(),
        "bottleneck <= W2 <= W1");
  }

  @Test
  void specialTokensAreLeftOutOfTheTokenClouds() {
    for (Row r : table("examples").collectAsList()) {
      int n = r.getAs("n_tokens");
      int points = r.getAs("n_points");
      assertEquals(n - 2, points, "[CLS] and [SEP] removed");
    }
    assertEquals(
        0,
        table("token_diagrams")
            .where("dim = 0")
            .join(table("examples"), "example_id")
            .where("n_bars != n_points")
            .count());
    assertEquals(9L * 72 * 3, table("token_diagrams").count());
    assertTrue(table("run").first().<String>getAs("tokens_kept").contains("renormalised"));
  }

  @Test
  void wordLevelStatisticsUseWords() {
    // "dived" is one word piece in MiniLM's vocabulary or several; either way units are whole
    // words.
    List<Row> units =
        table("token_attention")
            .where("example_id = 't1' AND layer = -1 AND NOT weighted")
            .orderBy("position")
            .select("token")
            .collectAsList();
    String words = String.join(" ", units.stream().map(r -> r.getString(0)).toList());
    assertTrue(words.contains("goalkeeper") && !words.contains("##"), words);
    assertEquals(0, table("top_attended").where("exists(weight, w -> w <= 0 OR w > 1)").count());
    assertTrue(table("attention_edges").count() > 0);
    assertEquals(0, table("attention_edges").where("weight < 0.3").count());
    assertTrue(table("run").first().<String>getAs("token_units").startsWith("words"));
    // Word pooling keeps rows summing to 1: each head's attention received adds up to the number of
    // words.
    assertEquals(
        0,
        table("token_attention")
            .where("layer >= 0 AND NOT weighted")
            .groupBy("example_id", "layer", "head")
            .agg(
                org.apache.spark.sql.functions.sum("received").as("total"),
                org.apache.spark.sql.functions.count("*").as("n"))
            .where("abs(total - n) > 1e-3 * n")
            .count());
  }

  @Test
  void diagramStatsAgreeWithTheDiagrams() {
    Dataset<Row> joined =
        table("diagram_stats")
            .as("s")
            .join(
                table("token_diagrams").as("d"),
                scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of("example_id", "layer", "head", "dim"))
                    .toSeq());
    assertEquals(table("token_diagrams").count(), joined.count());
    assertEquals(0, joined.where("s.n_bars != d.n_bars").count());
    assertEquals(0, table("diagram_stats").where("dim = 0 AND n_finite != n_bars - 1").count());
  }
}
