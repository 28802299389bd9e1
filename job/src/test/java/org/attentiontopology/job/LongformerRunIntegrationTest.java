package org.attentiontopology.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.cli.Main;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.ModelCache;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's `run` with the tiny Longformer, next to the same run with the tiny decoder:
 * the same tables with the same columns, RoBERTa-style tokens, and the attention the job analysed
 * is the model's expanded T x T attention.
 */
class LongformerRunIntegrationTest {
  static SparkSession spark;
  static Path longformerRun;
  static Path decoderRun;
  static final List<String> SENTENCES =
      List.of(
          "the cat sat on the mat.",
          "A long sentence, longer than the attention window of four tokens, so most pairs never meet.",
          "Global tokens see it all.",
          "the end");
  @TempDir static Path tmp;

  static void run(String model, Path out, String... extra) throws Exception {
    Path sentences = tmp.resolve("sentences.txt");
    if (!Files.exists(sentences)) {
      Files.write(sentences, SENTENCES);
    }
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                "--corpus",
                sentences.toString(),
                "--out",
                out.toString(),
                "--model",
                model,
                "--partitions",
                "2",
                "--set",
                "spark.master=local[2]",
                "--set",
                "inference.work-dir=" + tmp.resolve("work")));
    args.addAll(List.of(extra));
    assertEquals(0, Main.execute(args.toArray(String[]::new)), "run --model " + model);
  }

  @BeforeAll
  static void runBothModels() throws Exception {
    longformerRun = tmp.resolve("longformer-run");
    run("tiny-longformer", longformerRun, "--dump-attention", tmp.resolve("dump").toString());
    decoderRun = tmp.resolve("decoder-run");
    run("tiny-gpt2", decoderRun);
    spark =
        LocalSpark.start(
            LongformerRunIntegrationTest.class, 2); // the command stopped its own session
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static Dataset<Row> table(Path run, String name) {
    return spark.read().parquet(run.resolve(name).toString());
  }

  static Set<String> tables(Path run) throws Exception {
    try (Stream<Path> listing = Files.list(run)) {
      return new HashSet<>(
          listing.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void theLongformerRunWritesTheTablesAndColumnsOfATextRun() throws Exception {
    Set<String> written = tables(longformerRun);
    assertEquals(tables(decoderRun), written);
    assertTrue(
        written.containsAll(
            List.of(
                "run", "examples", "errors", "token_diagrams", "head_distances", "top_attended")),
        written.toString());
    for (String name : written) {
      assertEquals(table(decoderRun, name).schema(), table(longformerRun, name).schema(), name);
    }
  }

  @Test
  void everyTextIsAnalysedWithRobertaStyleTokens() {
    List<Row> examples = table(longformerRun, "examples").orderBy("ordinal").collectAsList();
    assertEquals(SENTENCES.size(), examples.size());
    assertEquals(0, table(longformerRun, "errors").count());
    List<String> first =
        scala.jdk.javaapi.CollectionConverters.asJava(
            examples.get(0).<scala.collection.Seq<String>>getAs("tokens"));
    assertEquals(
        List.of(
            "<s>", "t", "he", "Ġcat", "Ġs", "at", "Ġ", "on", "Ġthe", "Ġ", "m", "at", ".", "</s>"),
        first);
    assertEquals(
        SENTENCES.size() * 2L * 2, table(longformerRun, "token_diagrams").where("dim = 0").count());
    assertEquals(
        0,
        table(longformerRun, "token_diagrams")
            .where("dim = 0")
            .join(table(longformerRun, "examples").select("example_id", "n_points"), "example_id")
            .where("n_bars != n_points")
            .count());
    assertEquals(
        16, table(longformerRun, "head_distances").count(), "2 layers x 2 heads, all pairs");
    assertEquals("tiny-longformer", table(longformerRun, "run").first().getAs("model"));
  }

  @Test
  void theDumpedAttentionIsTheModelsExpandedAttention() throws Exception {
    Map<String, String> texts = new HashMap<>();
    for (Row r : table(longformerRun, "examples").collectAsList()) {
      texts.put(r.getAs("example_id"), r.getAs("text"));
    }
    AttentionModel model = ModelCache.get(ModelSpecs.load("tiny-longformer"), tmp.resolve("work"));
    List<Path> files;
    // Readers skip hidden names, as Spark does: the marker _attention_topology says what the folder
    // is.
    try (Stream<Path> listing = Files.list(tmp.resolve("dump"))) {
      files =
          listing
              .filter(
                  f ->
                      !f.getFileName().toString().startsWith("_")
                          && !f.getFileName().toString().startsWith("."))
              .sorted()
              .toList();
    }
    assertFalse(files.isEmpty());
    Set<String> seen = new HashSet<>();
    int outsideBand = 0;
    try (BufferAllocator allocator = new RootAllocator()) {
      for (Path file : files) {
        try (ArrowStreamReader reader =
            new ArrowStreamReader(Files.newInputStream(file), allocator)) {
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          while (reader.loadNextBatch()) {
            for (int row = 0; row < root.getRowCount(); row++) {
              String id = root.getVector("example_id").getObject(row).toString();
              int layer = (Integer) root.getVector("layer").getObject(row);
              int head = (Integer) root.getVector("head").getObject(row);
              int n = (Integer) root.getVector("n").getObject(row);
              List<?> weights = (List<?>) root.getVector("weights").getObject(row);
              TextAttention expected = model.attend(List.of(texts.get(id))).get(0);
              assertEquals(expected.length(), n);
              for (int k = 0; k < n * n; k++) {
                float weight = (Float) weights.get(k);
                assertEquals(expected.head(layer, head)[k / n][k % n], weight, 1e-6, id);
                int from = k / n;
                int to = k % n;
                if (from != 0 && to != 0 && Math.abs(from - to) > 2) {
                  assertEquals(0f, weight, 0f, "outside the window of 4 and not the global <s>");
                  outsideBand++;
                }
              }
              seen.add(id);
            }
          }
        }
      }
    }
    assertEquals(texts.keySet(), seen, "every analysed example is dumped");
    assertTrue(
        outsideBand > 1000, "the long sentence leaves most pairs outside the band: " + outsideBand);
  }
}
