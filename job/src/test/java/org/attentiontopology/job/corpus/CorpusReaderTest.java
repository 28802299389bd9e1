package org.attentiontopology.job.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.config.RunConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every corpus format gives the same rows: ids, ordinals, labels, groups and per-row errors. */
class CorpusReaderTest {
  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("CorpusReaderTest")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static List<Row> read(String path, String... overrides) {
    return new CorpusReader(RunConfig.load(null, List.of(overrides)))
        .read(spark, path)
        .orderBy("ordinal")
        .collectAsList();
  }

  static String field(Row r, String name) {
    return r.isNullAt(r.fieldIndex(name)) ? null : String.valueOf(r.get(r.fieldIndex(name)));
  }

  @Test
  void textLinesGetContentIdsWithRepeatsNumberedInFileOrder() throws Exception {
    Path f = Files.writeString(tmp.resolve("c.txt"), "alpha beta\n\ngamma\nalpha beta\n");
    List<Row> rows = read(f.toString());
    assertEquals(4, rows.size());
    String id = ExampleIds.ofText("alpha beta");
    assertEquals(id, field(rows.get(0), "example_id"));
    assertEquals(id + "-2", field(rows.get(3), "example_id"));
    assertTrue(field(rows.get(1), "corpus_error").contains("empty or blank"));
    assertEquals(16, id.length());
  }

  @Test
  void csvWithHeaderAndMappedColumns() throws Exception {
    Path f =
        Files.writeString(
            tmp.resolve("c.csv"), "doc,body,kind\nd1,\"Hello, world.\",greeting\nd2,,none\n");
    List<Row> rows =
        read(
            f.toString(),
            "corpus.id-field=doc",
            "corpus.text-field=body",
            "corpus.label-field=kind");
    assertEquals(2, rows.size());
    assertEquals("d1", field(rows.get(0), "example_id"));
    assertEquals("Hello, world.", field(rows.get(0), "text"));
    assertEquals("greeting", field(rows.get(0), "label"));
    assertNull(field(rows.get(0), "group"));
    assertTrue(
        field(rows.get(1), "corpus_error").contains("no text"), field(rows.get(1), "corpus_error"));
  }

  @Test
  void parquetCorpus() {
    String path = tmp.resolve("c.parquet").toString();
    spark
        .createDataFrame(
            List.of(
                org.apache.spark.sql.RowFactory.create("p1", "First text.", "g"),
                org.apache.spark.sql.RowFactory.create("p2", "Second text.", "g")),
            new org.apache.spark.sql.types.StructType()
                .add("id", "string")
                .add("text", "string")
                .add("group", "string"))
        .coalesce(1)
        .write()
        .parquet(path);
    List<Row> rows = read(path);
    assertEquals(List.of("p1", "p2"), rows.stream().map(r -> field(r, "example_id")).toList());
    assertEquals("g", field(rows.get(1), "group"));
  }

  @Test
  void huggingFaceArrowShardsReadInNameOrder() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("hf"));
    writeShard(
        dir.resolve("data-00001-of-00002.arrow"),
        new String[] {"third", "fourth"},
        new long[] {1, 0});
    writeShard(
        dir.resolve("data-00000-of-00002.arrow"),
        new String[] {"first", "second"},
        new long[] {0, 1});
    Files.writeString(dir.resolve("dataset_info.json"), "{}");
    List<Row> rows = read(dir.toString(), "corpus.label-field=label");
    assertEquals(
        List.of("first", "second", "third", "fourth"),
        rows.stream().map(r -> field(r, "text")).toList());
    assertEquals(List.of("0", "1", "1", "0"), rows.stream().map(r -> field(r, "label")).toList());
    assertEquals(
        List.of(0L, 1L, 2L, 3L), rows.stream().map(r -> r.<Long>getAs("ordinal")).toList());
  }

  @Test
  void aMissingTextColumnIsNamedWithTheFix() throws Exception {
    Path f = Files.writeString(tmp.resolve("c.csv"), "id,body\n1,x\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(f.toString()));
    assertTrue(
        e.getMessage().contains("'text'") && e.getMessage().contains("corpus.text-field"),
        e.getMessage());
  }

  @Test
  void anEmptyFileIsRefused() throws Exception {
    Path f = Files.writeString(tmp.resolve("empty.txt"), "");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(f.toString()));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  /**
   * A shard like datasets' save_to_disk writes: an Arrow IPC stream with a string and an int64
   * column.
   */
  static void writeShard(Path file, String[] texts, long[] labels) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector text = new VarCharVector("text", allocator);
        BigIntVector label = new BigIntVector("label", allocator)) {
      text.allocateNew();
      label.allocateNew();
      for (int i = 0; i < texts.length; i++) {
        text.setSafe(i, texts[i].getBytes(StandardCharsets.UTF_8));
        label.setSafe(i, labels[i]);
      }
      text.setValueCount(texts.length);
      label.setValueCount(texts.length);
      try (VectorSchemaRoot root = VectorSchemaRoot.of(text, label);
          OutputStream out = Files.newOutputStream(file);
          ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
        root.setRowCount(texts.length);
        writer.start();
        writer.writeBatch();
        writer.end();
      }
    }
  }
}
