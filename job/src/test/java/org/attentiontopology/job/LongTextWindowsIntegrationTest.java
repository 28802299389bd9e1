package org.attentiontopology.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.corpus.ExampleIds;
import org.attentiontopology.job.model.family.text.SpecTokenizers;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on the 20-line test corpus with {@code inference.long-texts = window}: line 18 (over
 * MiniLM's 256 tokens) becomes several examples, every other line is analysed as in a truncating
 * run.
 */
class LongTextWindowsIntegrationTest {
  static final int OVERLAP = 32;
  static SparkSession spark;
  static String runDir;
  static String longText;
  @TempDir static Path tmp;

  @BeforeAll
  static void runTheJob() throws Exception {
    spark = LocalSpark.start(LongTextWindowsIntegrationTest.class, 4);
    RunConfig config =
        RunConfig.load(
            null,
            List.of(
                "spark.partitions=3",
                "inference.long-texts=window",
                "inference.window-overlap=" + OVERLAP,
                "inference.work-dir=" + tmp.resolve("work"),
                // H0 and bottleneck only: the windows add 256-token examples, and H1 or the exact
                // Wasserstein distances of
                // their 256-bar diagrams (most of the run's time on two cores) test nothing here.
                "persistence.max-dimension=0",
                "comparisons.wasserstein=false"));
    Path corpus =
        Path.of(LongTextWindowsIntegrationTest.class.getResource("/corpus/tiny.txt").toURI());
    longText = Files.readAllLines(corpus).get(17);
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

  /** The long line's windows, in window order. */
  static List<Row> windows() {
    return table("examples").where("ordinal = 17").orderBy("window").collectAsList();
  }

  static List<String> pieces(Row example) {
    List<String> tokens = example.getList(example.fieldIndex("tokens"));
    assertEquals("[CLS]", tokens.get(0));
    assertEquals("[SEP]", tokens.get(tokens.size() - 1));
    return tokens.subList(1, tokens.size() - 1);
  }

  @Test
  void theLongLineBecomesNumberedWindowsOfAtMostTheMaximumLengthNoneTruncated() {
    List<Row> windows = windows();
    int n = windows.size();
    assertTrue(n >= 2, n + " windows");
    String id = ExampleIds.ofText(longText);
    for (int k = 0; k < n; k++) {
      Row w = windows.get(k);
      assertEquals(id + "#w" + k, w.getAs("example_id"));
      assertEquals(k, w.<Integer>getAs("window"));
      assertEquals(n, w.<Integer>getAs("n_windows"));
      assertTrue(w.<Integer>getAs("n_tokens") <= 256, w.getAs("n_tokens") + " tokens");
      assertFalse(w.<Boolean>getAs("truncated"));
      assertEquals(w.<Integer>getAs("n_tokens"), w.<Integer>getAs("untruncated_tokens"));
      assertTrue(
          longText.contains(w.<String>getAs("text")), "a window's text is a substring of the line");
    }
  }

  @Test
  void consecutiveWindowsShareExactlyTheOverlapAndTogetherHoldEveryPiece() {
    List<Row> windows = windows();
    List<String> stitched = new ArrayList<>(pieces(windows.get(0)));
    for (int k = 1; k < windows.size(); k++) {
      List<String> previous = pieces(windows.get(k - 1));
      List<String> current = pieces(windows.get(k));
      assertEquals(
          previous.subList(previous.size() - OVERLAP, previous.size()),
          current.subList(0, OVERLAP),
          "windows " + (k - 1) + " and " + k + " share exactly " + OVERLAP + " pieces");
      stitched.addAll(current.subList(OVERLAP, current.size()));
    }
    String[] all =
        SpecTokenizers.get(ModelSpecs.load("all-minilm-l6-v2"), tmp.resolve("work"))
            .encode(longText, true, false)
            .getTokens();
    assertEquals(
        Arrays.asList(all).subList(1, all.length - 1), stitched, "no piece lost or repeated");
  }

  @Test
  void everyOtherLineIsAnalysedWholeAndTheBlankOnesAreStillErrors() {
    Dataset<Row> others = table("examples").where("ordinal != 17");
    assertEquals(17, others.count());
    assertEquals(
        17,
        others
            .where("window = 0 AND n_windows = 1 AND NOT truncated AND example_id NOT LIKE '%#w%'")
            .count());
    assertEquals(0, table("examples").where("truncated").count());
    List<Row> errors = table("errors").orderBy("ordinal").collectAsList();
    assertEquals(2, errors.size());
    assertEquals(List.of(4L, 10L), errors.stream().map(e -> e.<Long>getAs("ordinal")).toList());
    assertEquals(0, table("errors").where("window != 0").count());
  }

  @Test
  void everyWindowHasItsDiagramsAndConsecutivePairsRunThroughTheWindows() {
    int n = windows().size();
    int examples = 17 + n;
    assertEquals((long) examples * 72, table("token_diagrams").where("dim = 0").count());
    assertEquals(
        (examples - 1L) * 72,
        table("diagram_distances").count(),
        "consecutive pairs in " + "(ordinal, window) order");
    String id = ExampleIds.ofText(longText);
    for (int k = 1; k < n; k++) {
      assertEquals(
          72,
          table("diagram_distances")
              .where(
                  "example_a = '"
                      + id
                      + "#w"
                      + (k - 1)
                      + "' AND example_b = '"
                      + id
                      + "#w"
                      + k
                      + "'")
              .count(),
          "window " + (k - 1) + " is compared with " + k);
    }
  }

  @Test
  void runTableRecordsTheWindowing() {
    Row run = table("run").first();
    assertTrue(
        run.<String>getAs("long_texts").startsWith("windows of 256 tokens overlapping by 32"),
        run.<String>getAs("long_texts"));
    assertEquals(20L, run.<Long>getAs("n_examples"), "corpus lines, not windows");
    assertEquals(0L, run.<Long>getAs("n_truncated"));
    assertEquals(2L, run.<Long>getAs("n_errors"));
  }
}
