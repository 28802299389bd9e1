package org.attentiontopology.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.ModelCache;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.family.vision.ImageBoundsTest;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the whole job with the tiny decoder over a few sentences and with the tiny ViT over an image
 * folder (two PNGs, a JPEG, a corrupt file and an empty one) and reads the tables back: the same
 * tables as a text run, with byte-level BPE pieces and patch labels as tokens.
 */
class OtherModelKindsIntegrationTest {
  static SparkSession spark;
  static String decoderRun;
  static String visionRun;
  static final List<String> SENTENCES =
      List.of(
          "the cat sat on the mat.",
          "A tiny model attends to the past.",
          "Its heads see only what came before.",
          "the end");
  @TempDir static Path tmp;

  @BeforeAll
  static void runTheJobTwice() throws Exception {
    spark = LocalSpark.start(OtherModelKindsIntegrationTest.class, 2);
    Path sentences = Files.write(tmp.resolve("sentences.txt"), SENTENCES);
    decoderRun = tmp.resolve("decoder-run").toString();
    new RunJob(
            spark,
            RunConfig.load(
                null,
                List.of(
                    "model=tiny-gpt2",
                    "spark.partitions=2",
                    "inference.work-dir=" + tmp.resolve("work"),
                    "output.dump-attention=" + tmp.resolve("dump"))))
        .run(sentences.toString(), decoderRun, false);

    Path images = tmp.resolve("images");
    Path source = Path.of("..", "conf", "models", "tiny", "tiny-vit", "images");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = images.resolve(source.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    // A small PNG declaring 26000 x 26000 pixels (decoding it would take gigabytes), and files
    // skipped by rule.
    Files.write(
        images.resolve("dogs/zz-bomb.png"),
        ImageBoundsTest.declaring(ImageBoundsTest.png(2, 2), 26000, 26000));
    Files.writeString(images.resolve(".DS_Store"), "finder metadata");
    Files.writeString(images.resolve("cats/notes.txt"), "not an image");
    visionRun = tmp.resolve("vision-run").toString();
    new RunJob(
            spark,
            RunConfig.load(
                null,
                List.of(
                    "model=tiny-vit",
                    "spark.partitions=2",
                    "inference.work-dir=" + tmp.resolve("work"))))
        .run(images.toString(), visionRun, false);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static Dataset<Row> table(String run, String name) {
    return spark.read().parquet(run + "/" + name);
  }

  @Test
  void theDecoderRunHasByteLevelPiecesAndEveryTable() {
    List<Row> examples = table(decoderRun, "examples").orderBy("ordinal").collectAsList();
    assertEquals(SENTENCES.size(), examples.size());
    assertEquals(0, table(decoderRun, "errors").count());
    List<String> first =
        scala.jdk.javaapi.CollectionConverters.asJava(
            examples.get(0).<scala.collection.Seq<String>>getAs("tokens"));
    assertEquals(
        List.of("t", "he", "Ġcat", "Ġs", "at", "Ġ", "on", "Ġthe", "Ġ", "m", "at", "."),
        first,
        "GPT-2 style pieces, no [CLS] or [SEP]");
    assertEquals(
        SENTENCES.size() * 2L * 2, table(decoderRun, "token_diagrams").where("dim = 0").count());
    assertEquals(
        0,
        table(decoderRun, "token_diagrams")
            .where("dim = 0")
            .join(table(decoderRun, "examples").select("example_id", "n_points"), "example_id")
            .where("n_bars != n_points")
            .count());
    assertEquals(16, table(decoderRun, "head_distances").count(), "2 layers x 2 heads, all pairs");
    assertEquals("tiny-gpt2", table(decoderRun, "run").first().getAs("model"));
  }

  @Test
  void theVisionRunLabelsPatchesAndNamesTheBadFiles() {
    List<Row> examples = table(visionRun, "examples").orderBy("ordinal").collectAsList();
    assertEquals(
        List.of("cats/gradient.png", "dogs/gradient-turned.jpg", "dogs/noise.png"),
        examples.stream().map(r -> r.<String>getAs("example_id")).toList(),
        "sorted by relative path");
    assertEquals(
        List.of("cats", "dogs", "dogs"),
        examples.stream().map(r -> r.<String>getAs("label")).toList());
    List<String> tokens =
        scala.jdk.javaapi.CollectionConverters.asJava(
            examples.get(0).<scala.collection.Seq<String>>getAs("tokens"));
    assertEquals(17, tokens.size());
    assertEquals("[CLS]", tokens.get(0));
    assertEquals("patch_2_1", tokens.get(1 + 2 * 4 + 1));
    for (Row example : examples) {
      assertFalse(example.<Boolean>getAs("truncated"));
    }

    List<Row> errors = table(visionRun, "errors").orderBy("ordinal").collectAsList();
    assertEquals("cats/corrupt.png", errors.get(0).getAs("example_id"));
    assertEquals("inference", errors.get(0).getAs("stage"));
    String corrupt = errors.get(0).getAs("message");
    assertTrue(corrupt.contains("corrupt.png") && corrupt.contains("does not decode"), corrupt);
    assertEquals("dogs/empty.jpg", errors.get(1).getAs("example_id"));
    assertEquals("corpus", errors.get(1).getAs("stage"));
    assertTrue(errors.get(1).<String>getAs("message").contains("empty.jpg is empty (0 bytes)"));
    assertEquals(3, errors.size());
    assertEquals("dogs/zz-bomb.png", errors.get(2).getAs("example_id"));
    assertTrue(
        errors.get(2).<String>getAs("message").contains("declares 26000 x 26000 pixels"),
        errors.get(2).<String>getAs("message"));
    assertEquals(2L, table(visionRun, "run").first().<Long>getAs("n_skipped_files"));

    assertEquals(
        3L * 2 * 2, table(visionRun, "token_diagrams").where("dim = 0 AND n_bars = 17").count());
    assertEquals(16, table(visionRun, "head_distances").count());
    assertTrue(
        table(visionRun, "diagram_distances").count() > 0, "consecutive images are compared");
  }

  @Test
  void theAttentionDumpReadsBackWithArrowAndEqualsTheModelsAttention() throws Exception {
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
    for (Path file : files) {
      assertTrue(
          file.getFileName().toString().matches("attention-\\d{5}\\.arrow"),
          "no attempt files left: " + file);
    }
    java.util.Map<String, String> texts = new java.util.HashMap<>();
    for (Row r : table(decoderRun, "examples").collectAsList()) {
      texts.put(r.getAs("example_id"), r.getAs("text"));
    }
    AttentionModel model = ModelCache.get(ModelSpecs.load("tiny-gpt2"), tmp.resolve("work"));
    java.util.Set<String> seen = new java.util.HashSet<>();
    int rows = 0;
    try (BufferAllocator allocator = new RootAllocator()) {
      for (Path file : files) {
        try (ArrowStreamReader reader =
            new ArrowStreamReader(Files.newInputStream(file), allocator)) {
          VectorSchemaRoot root = reader.getVectorSchemaRoot();
          while (reader.loadNextBatch()) {
            for (int row = 0; row < root.getRowCount(); row++, rows++) {
              String id = root.getVector("example_id").getObject(row).toString();
              int layer = (Integer) root.getVector("layer").getObject(row);
              int head = (Integer) root.getVector("head").getObject(row);
              int n = (Integer) root.getVector("n").getObject(row);
              List<?> tokens = (List<?>) root.getVector("tokens").getObject(row);
              List<?> weights = (List<?>) root.getVector("weights").getObject(row);
              TextAttention expected = model.attend(List.of(texts.get(id))).get(0);
              assertEquals(expected.length(), n);
              assertEquals(
                  List.of(expected.tokens()), tokens.stream().map(Object::toString).toList());
              assertEquals(n * n, weights.size());
              for (int k = 0; k < n * n; k++) {
                assertEquals(
                    expected.head(layer, head)[k / n][k % n], (Float) weights.get(k), 1e-6, id);
              }
              seen.add(id);
            }
          }
        }
      }
    }
    assertEquals(texts.keySet(), seen, "every analysed example is dumped");
    assertEquals(SENTENCES.size() * 2 * 2, rows, "one row per example, layer and head");
  }
}
