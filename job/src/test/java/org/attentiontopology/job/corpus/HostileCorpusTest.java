package org.attentiontopology.job.corpus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.job.LocalSpark;
import org.attentiontopology.job.config.RunConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile corpora: formats a name hides, files that break, records a data source would drop. Every
 * record must be analysed or be an error row naming its file and line, in the order of file path
 * and line.
 */
class HostileCorpusTest {
  static SparkSession spark;
  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = LocalSpark.start(HostileCorpusTest.class, 2);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static List<Row> read(String path, String... overrides) {
    return reader(overrides).read(spark, path).orderBy("ordinal").collectAsList();
  }

  static CorpusReader reader(String... overrides) {
    return new CorpusReader(RunConfig.load(null, List.of(overrides)));
  }

  static String field(Row r, String name) {
    return r.isNullAt(r.fieldIndex(name)) ? null : String.valueOf(r.get(r.fieldIndex(name)));
  }

  static List<String> column(List<Row> rows, String name) {
    return rows.stream().map(r -> field(r, name)).toList();
  }

  static byte[] gzip(String s) throws Exception {
    var bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  // Class 2: formats detected by content, read as a user expects.

  @Test
  void aFolderOfParquetPartsWithoutExtensionIsReadAsParquet() throws Exception {
    String out = tmp.resolve("spark-out").toString();
    spark
        .createDataFrame(
            List.of(RowFactory.create("a", "First text."), RowFactory.create("b", "Second text.")),
            new StructType().add("id", "string").add("text", "string"))
        .coalesce(1)
        .write()
        .parquet(out);
    Path folder = Files.createDirectories(tmp.resolve("parts"));
    try (var files = Files.list(Path.of(out))) {
      for (Path p : files.filter(p -> p.getFileName().toString().startsWith("part-")).toList()) {
        Files.copy(p, folder.resolve("part-0"));
      }
    }
    List<Row> rows = read(folder.toString());
    assertEquals(List.of("First text.", "Second text."), column(rows, "text"));
    assertEquals(List.of("a", "b"), column(rows, "example_id"));
  }

  @Test
  void aBinaryParquetTextColumnIsDecodedAsUtf8AndInvalidBytesAreAnErrorRow() {
    String path = tmp.resolve("binary.parquet").toString();
    byte[] invalid = {(byte) 0xc3, (byte) 0x28};
    spark
        .createDataFrame(
            List.of(
                RowFactory.create("x", "Caf\u00e9 au lait.".getBytes(StandardCharsets.UTF_8)),
                RowFactory.create("y", invalid)),
            new StructType().add("id", "string").add("text", DataTypes.BinaryType))
        .coalesce(1)
        .write()
        .parquet(path);
    List<Row> rows = read(path);
    assertEquals(2, rows.size());
    assertEquals("Caf\u00e9 au lait.", field(rows.get(0), "text"));
    assertNull(field(rows.get(0), "corpus_error"));
    assertTrue(
        field(rows.get(1), "corpus_error").contains("not valid UTF-8"),
        field(rows.get(1), "corpus_error"));
    assertTrue(
        field(rows.get(1), "corpus_error").contains("row 2 of part-"),
        field(rows.get(1), "corpus_error"));
  }

  @Test
  void compressedFilesAreDecompressedWhateverTheirNames() throws Exception {
    String jsonl =
        "{\"id\": \"g1\", \"text\": \"Gzipped one.\"}\n{\"id\": \"g2\", \"text\": \"Gzipped two.\"}\n";
    Path named = Files.write(tmp.resolve("c.jsonl.gz"), gzip(jsonl));
    assertEquals(List.of("g1", "g2"), column(read(named.toString()), "example_id"));
    Path misnamed = Files.write(tmp.resolve("c.jsonl"), gzip(jsonl));
    assertEquals(
        List.of("Gzipped one.", "Gzipped two."), column(read(misnamed.toString()), "text"));
    Path bz2 = tmp.resolve("c.txt.bz2");
    try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(bz2))) {
      out.write("first line\nsecond line\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(List.of("first line", "second line"), column(read(bz2.toString()), "text"));
    Path zstd = tmp.resolve("c.txt.zst");
    try (OutputStream out =
        new com.github.luben.zstd.ZstdOutputStream(Files.newOutputStream(zstd))) {
      out.write("zstd line\n".getBytes(StandardCharsets.UTF_8));
    }
    assertEquals(List.of("zstd line"), column(read(zstd.toString()), "text"));
  }

  @Test
  void aBinaryFileIsRefusedByNameAloneAndAnErrorRowInAFolder() throws Exception {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
    Path alone = Files.write(tmp.resolve("picture.txt"), png);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> read(alone.toString()));
    assertTrue(e.getMessage().contains("picture.txt is a PNG image"), e.getMessage());
    Path folder = Files.createDirectories(tmp.resolve("mixed"));
    Files.write(folder.resolve("b.png"), png);
    Files.writeString(folder.resolve("a.txt"), "a document\n");
    Files.write(folder.resolve("c.txt"), "caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    List<Row> rows = read(folder.toString());
    assertEquals(
        List.of("a.txt", "b.png", "c.txt"),
        column(rows, "example_id").stream()
            .map(id -> id.equals(ExampleIds.ofText("a document")) ? "a.txt" : id)
            .toList());
    assertTrue(
        field(rows.get(1), "corpus_error").startsWith("b.png is a PNG image"),
        field(rows.get(1), "corpus_error"));
    assertTrue(
        field(rows.get(2), "corpus_error").contains("save text as UTF-8"),
        field(rows.get(2), "corpus_error"));
  }

  @Test
  void anArrowIpcFileWithItsFooterIsRead() throws Exception {
    Path file = tmp.resolve("table.feather");
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector text = new VarCharVector("text", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(text);
        var channel =
            Files.newByteChannel(
                file,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
      writer.start();
      text.allocateNew();
      text.setSafe(0, "From an IPC file.".getBytes(StandardCharsets.UTF_8));
      text.setValueCount(1);
      root.setRowCount(1);
      writer.writeBatch();
      writer.end();
    }
    assertEquals(List.of("From an IPC file."), column(read(file.toString()), "text"));
  }

  // Class 3: one file never sinks the run.

  @Test
  void aTruncatedArrowShardKeepsItsFirstBatchAndSaysWhereItBroke() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("hf"));
    writeShard(
        dir.resolve("data-00000-of-00002.arrow"), List.<String[]>of(new String[] {"one", "two"}));
    Path cut = dir.resolve("data-00001-of-00002.arrow");
    writeShard(cut, List.<String[]>of(new String[] {"three"}, new String[] {"four", "five"}));
    byte[] whole = Files.readAllBytes(cut);
    Files.write(cut, Arrays.copyOf(whole, whole.length - 40));
    Files.writeString(dir.resolve("dataset_info.json"), "{}");
    List<Row> rows = read(dir.toString());
    assertEquals(List.of("one", "two", "three"), column(rows, "text").subList(0, 3));
    assertEquals(4, rows.size());
    String error = field(rows.get(3), "corpus_error");
    assertTrue(error.contains("data-00001-of-00002.arrow cannot be read past row 1"), error);
  }

  @Test
  void aParquetFileWithAWronglyTypedTextColumnIsOneErrorRow() {
    String good = tmp.resolve("pq/a.parquet").toString();
    String bad = tmp.resolve("pq/b.parquet").toString();
    spark
        .createDataFrame(
            List.of(RowFactory.create("Good text.")), new StructType().add("text", "string"))
        .coalesce(1)
        .write()
        .parquet(good);
    spark
        .createDataFrame(List.of(RowFactory.create(42L)), new StructType().add("text", "long"))
        .coalesce(1)
        .write()
        .parquet(bad);
    List<Row> rows = read(tmp.resolve("pq").toString());
    assertEquals(2, rows.size());
    assertEquals("Good text.", field(rows.get(0), "text"));
    String error = field(rows.get(1), "corpus_error");
    assertTrue(
        error.contains("column 'text' of b.parquet/part-") && error.contains("int64"), error);
  }

  @Test
  void aCorruptGzipFileInAFolderIsAnErrorRowAndTheOthersAreRead() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("gz"));
    byte[] ok = gzip("line one\nline two\n");
    Files.write(folder.resolve("a.txt.gz"), ok);
    byte[] broken = Arrays.copyOf(ok, ok.length);
    for (int i = 10; i < broken.length; i++) {
      broken[i] = (byte) 0x55;
    }
    Files.write(folder.resolve("b.txt.gz"), broken);
    Files.writeString(folder.resolve("c.txt"), "line three\n");
    List<Row> rows = read(folder.toString());
    assertEquals(List.of("line one", "line two"), column(rows, "text").subList(0, 2));
    assertTrue(
        field(rows.get(2), "corpus_error").startsWith("b.txt.gz cannot be read"),
        field(rows.get(2), "corpus_error"));
    assertEquals("line three", field(rows.get(3), "text"));
  }

  // Class 4: no record disappears; order by path, then line.

  @Test
  void folderFilesAreReadInPathOrderWithSubfoldersAndSkippedFilesAreCounted() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("docs"));
    // Spark's text source orders files by size, largest first: b.txt would come before a.txt.
    Files.writeString(folder.resolve("a.txt"), "a one\na two\n");
    Files.writeString(folder.resolve("b.txt"), "b one, a much longer line than the others\n");
    Files.createDirectories(folder.resolve("c"));
    Files.writeString(folder.resolve("c/d.txt"), "c d one\n");
    Files.writeString(folder.resolve(".notes.txt"), "hidden\n");
    Files.writeString(folder.resolve("_SUCCESS"), "");
    Files.writeString(folder.resolve("empty.txt"), "");
    CorpusReader reader = reader();
    List<Row> rows = reader.read(spark, folder.toString()).orderBy("ordinal").collectAsList();
    assertEquals(
        List.of("a one", "a two", "b one, a much longer line than the others", "c d one"),
        column(rows, "text"));
    assertEquals(
        List.of(".notes.txt", "_SUCCESS", "empty.txt"),
        reader.skippedFiles().stream().map(SkippedFile::path).toList());
  }

  @Test
  void anUnterminatedCsvQuoteSwallowsNothing() throws Exception {
    // Written with a byte order mark, as spreadsheets do: the first column is still "id".
    Path f =
        Files.writeString(
            tmp.resolve("q.csv"),
            "\ufeffid,text\nr1,\"A quoted, fine text.\"\nr2,\"An unterminated quote\nr3,Third row.\nr4,\"Fourth\nrow.\"\n"
                + "r5,\"Never closed\nr6,Sixth row.\n");
    List<Row> rows = read(f.toString());
    assertEquals(List.of("r1", "line-3", "r3", "r4", "line-7", "r6"), column(rows, "example_id"));
    assertTrue(
        field(rows.get(1), "corpus_error")
            .contains("line 3 of q.csv opens a quoted field that does not"),
        field(rows.get(1), "corpus_error"));
    assertEquals("Fourth\nrow.", field(rows.get(3), "text"));
  }

  @Test
  void anUnclosedQuoteInALargeCsvGathersAtMostOneBoundedRecord() throws Exception {
    int lines = 300_000; // about 18 million characters after the quote, more than a record may hold
    StringBuilder csv = new StringBuilder("id,text\nr0,\"never closed\n");
    for (int k = 1; k <= lines; k++) {
      csv.append('r').append(k).append(",A short line of text long enough to fill the file.\n");
    }
    Path f = Files.writeString(tmp.resolve("large.csv"), csv);
    org.apache.spark.sql.Dataset<Row> rows = reader().read(spark, f.toString());
    assertEquals(lines + 1, rows.count());
    List<Row> errors = rows.where("corpus_error IS NOT NULL").collectAsList();
    assertEquals(1, errors.size());
    String error = field(errors.get(0), "corpus_error");
    assertTrue(
        error.startsWith("line 2 of large.csv") && error.contains("longer than 16 MiB"), error);
  }

  @Test
  void aSecondJsonObjectOnALineIsAnErrorWithItsFileAndLine() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("jsonl"));
    Files.writeString(folder.resolve("a.jsonl"), "{\"text\": \"one\"}\n");
    Files.writeString(
        folder.resolve("b.jsonl"),
        "{\"text\": \"two\"}\n{\"text\": \"three\"} {\"text\": \"four\"}\n");
    List<Row> rows = read(folder.toString());
    assertEquals(3, rows.size());
    assertEquals("b.jsonl:line-2", field(rows.get(2), "example_id"));
    String error = field(rows.get(2), "corpus_error");
    assertTrue(error.contains("more than one JSON value on line 2 of b.jsonl"), error);
  }

  // Class 5: ids are unique, always.

  @Test
  void givenIdsKeepTheirIdsAndDerivedOnesMoveAsideUntilNoneIsShared() throws Exception {
    String h = ExampleIds.ofText("alpha");
    Path f =
        Files.writeString(
            tmp.resolve("ids.jsonl"),
            String.join(
                    "\n",
                    "{\"id\": \"" + h + "\", \"text\": \"given the hash of alpha\"}",
                    "{\"text\": \"alpha\"}",
                    "{\"text\": \"alpha\"}",
                    "{\"id\": \""
                        + h
                        + "-2\", \"text\": \"given what a repeat of alpha would get\"}",
                    "{\"id\": \"dup\", \"text\": \"first\"}",
                    "{\"id\": \"dup\", \"text\": \"second\"}")
                + "\n");
    List<Row> rows = read(f.toString());
    assertEquals(
        List.of(h, h + "-2-2", h + "-3", h + "-2", "dup", "dup#dup-2"), column(rows, "example_id"));
    assertEquals(
        List.of("true", "false", "false", "true", "true", "false"), column(rows, "id_given"));
    String error = field(rows.get(5), "corpus_error");
    assertTrue(
        error.contains(
            "duplicate example id 'dup': line 6 of ids.jsonl repeats the id given on line 5 of "
                + "ids.jsonl"),
        error);
    for (int i = 0; i < 5; i++) {
      assertNull(field(rows.get(i), "corpus_error"));
    }
  }

  @Test
  void anIdOfAnotherRecordsWindowIsRefusedWhenTextsAreWindowed() throws Exception {
    Path f =
        Files.writeString(
            tmp.resolve("windows.jsonl"),
            "{\"id\": \"doc\", \"text\": \"a long text\"}\n{\"id\": \"doc#w1\", \"text\": \"another\"}\n"
                + "{\"id\": \"note#w1\", \"text\": \"no record is called note\"}\n");
    List<Row> truncating = read(f.toString());
    assertEquals(List.of("doc", "doc#w1", "note#w1"), column(truncating, "example_id"));
    List<Row> windowed = read(f.toString(), "inference.long-texts=window");
    assertEquals(List.of("doc", "doc#w1-2", "note#w1"), column(windowed, "example_id"));
    String error = field(windowed.get(1), "corpus_error");
    assertTrue(
        error.contains(
            "'doc#w1' on line 2 of windows.jsonl is reserved for a window of example 'doc'"),
        error);
  }

  /** An Arrow IPC stream with one string column "text" and a batch per array. */
  static void writeShard(Path file, List<String[]> batches) throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VarCharVector text = new VarCharVector("text", allocator);
        VectorSchemaRoot root = VectorSchemaRoot.of(text);
        OutputStream out = Files.newOutputStream(file);
        ArrowStreamWriter writer = new ArrowStreamWriter(root, null, out)) {
      writer.start();
      for (String[] batch : batches) {
        text.allocateNew();
        for (int i = 0; i < batch.length; i++) {
          text.setSafe(i, batch[i].getBytes(StandardCharsets.UTF_8));
        }
        text.setValueCount(batch.length);
        root.setRowCount(batch.length);
        writer.writeBatch();
      }
      writer.end();
    }
  }
}
