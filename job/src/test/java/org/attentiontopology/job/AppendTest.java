package org.attentiontopology.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.tables.OutputFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Appending corpus batches to a run: batch A then batch B give the tables of one run over A and B
 * (every table, the corpus-level ones rebuilt from the stored exact sums, the comparisons across
 * the batches' boundary included), the same append twice changes nothing, and what cannot be
 * appended (other settings, an id given to another text, an older layout, a folder that is no run)
 * is refused with the run left as it was.
 */
@org.junit.jupiter.api.Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
class AppendTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static Path corpus;
  static String whole;
  static String appended;

  static final List<String> A =
      List.of("the cat sat on the mat.", "A tiny model reads.", "", "dogs bark at night", "one");
  static final List<String> B =
      List.of("rain falls in spain", "the end of the story", "two words", "short", "a last line.");

  static RunConfig config(String... more) {
    List<String> settings =
        new ArrayList<>(List.of("model=tiny-gpt2", "inference.work-dir=" + tmp.resolve("work")));
    settings.addAll(List.of(more));
    return RunConfig.load(null, settings);
  }

  static RunJob.Summary append(String corpusFile, String out, String... settings) {
    return new RunJob(spark, config(settings)).run(corpusFile, out, false, true);
  }

  @BeforeAll
  static void runWholeAndInTwoBatches() throws Exception {
    spark = LocalSpark.start(AppendTest.class, 3);
    corpus = Files.createDirectories(tmp.resolve("corpus"));
    Files.write(corpus.resolve("a.txt"), A);
    Files.write(corpus.resolve("b.txt"), B);
    whole = tmp.resolve("whole").toString();
    appended = tmp.resolve("appended").toString();
    new RunJob(spark, config()).run(corpus.toString(), whole, false);
    append(corpus.resolve("a.txt").toString(), appended); // the first batch: --out is new
    append(corpus.resolve("b.txt").toString(), appended);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static List<String> tables(String run) throws IOException {
    try (Stream<Path> s = Files.list(Path.of(run))) {
      return s.filter(Files::isDirectory)
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("_") && !n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  static Dataset<Row> read(String run, String table) {
    return spark.read().parquet(run + "/" + table).drop("run_id");
  }

  @Test
  void batchAThenBatchBGiveTheTablesOfOneRunOverBoth() throws Exception {
    assertEquals(tables(whole), tables(appended));
    for (String table : tables(whole)) {
      if (table.equals("run")) {
        continue; // per batch by nature: checked below
      }
      Dataset<Row> a = read(whole, table);
      Dataset<Row> b = read(appended, table).selectExpr(a.columns());
      if (table.equals("errors")) {
        // A record that failed is named after its place: "a.txt:line 3" in a folder, "line 3" in
        // a corpus of one file (corpus/CorpusFile), so only this id tells the two corpora apart.
        a = a.drop("example_id");
        b = b.drop("example_id");
        assertEquals(1, a.count());
      }
      assertEquals(a.count(), b.count(), table);
      // Exact: the corpus-level sums are exact sums, rounded once, however the terms were split.
      assertEquals(0, a.exceptAll(b).count(), table + " rows only in the single run");
      assertEquals(0, b.exceptAll(a).count(), table + " rows only in the appended run");
    }
    // The comparison across the batches' boundary: the last example of A with the first of B.
    assertTrue(
        read(appended, "diagram_distances").count() > 0
            && read(whole, "diagram_distances").count()
                == read(appended, "diagram_distances").count());
    List<Row> batches =
        read(appended, "run")
            .orderBy("batch")
            .select("batch", "corpus", "n_examples", "n_already_present", "config_hash")
            .collectAsList();
    assertEquals(2, batches.size());
    assertEquals(1, batches.get(0).getInt(0));
    assertEquals(2, batches.get(1).getInt(0));
    assertTrue(batches.get(0).getString(1).endsWith("a.txt"), batches.toString());
    assertTrue(batches.get(1).getString(1).endsWith("b.txt"), batches.toString());
    assertEquals(A.size(), batches.get(0).getLong(2));
    assertEquals(B.size(), batches.get(1).getLong(2));
    assertEquals(batches.get(0).getString(4), batches.get(1).getString(4));
  }

  static Map<String, Long> files(String run) throws IOException {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(Path.of(run))) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(
            Path.of(run).relativize(p) + " " + Files.size(p),
            Files.getLastModifiedTime(p).toMillis());
      }
    }
    return out;
  }

  @Test
  void theSameAppendTwiceChangesNothing() throws Exception {
    Map<String, Long> before = files(appended);
    RunJob.Summary again = append(corpus.resolve("b.txt").toString(), appended);
    assertTrue(again.rows().isEmpty(), again.toString());
    assertEquals(before, files(appended), "not a file of the run was touched");
  }

  @Test
  void recordsTheRunHoldsAreSkippedAndCounted() throws Exception {
    String out = tmp.resolve("overlap").toString();
    Path c = Files.write(tmp.resolve("c.txt"), List.of(A.get(0), "something new here", A.get(3)));
    append(corpus.resolve("a.txt").toString(), out);
    append(c.toString(), out);
    Row second = read(out, "run").where("batch = 2").first();
    assertEquals(2L, (long) second.getAs("n_already_present"));
    assertEquals(1L, (long) second.getAs("n_examples"));
    assertEquals(A.stream().filter(l -> !l.isBlank()).count() + 1, read(out, "examples").count());
    assertEquals(
        0,
        read(out, "examples").groupBy("example_id").count().where("count > 1").count(),
        "no duplicate id");
  }

  @Test
  void anAppendWithOtherSettingsIsRefusedNamingThem() throws Exception {
    Map<String, Long> before = files(appended);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                append(
                    corpus.resolve("b.txt").toString(),
                    appended,
                    "divergence.log-base=e",
                    "persistence.max-dimension=0"));
    assertTrue(
        e.getMessage().contains("divergence.log-base = e here, 2 in the run")
            || e.getMessage().contains("divergence.log-base = \"e\" here"),
        e.getMessage());
    assertTrue(e.getMessage().contains("persistence.max-dimension"), e.getMessage());
    assertEquals(before, files(appended));
  }

  @Test
  void anIdGivenToAnotherTextIsRefusedNamingIt() throws Exception {
    String out = tmp.resolve("ids").toString();
    Path first =
        Files.writeString(
            tmp.resolve("first.jsonl"),
            "{\"id\": \"x1\", \"text\": \"one text\"}\n{\"id\": \"x2\", \"text\": \"two\"}\n");
    Path second =
        Files.writeString(
            tmp.resolve("second.jsonl"),
            "{\"id\": \"x3\", \"text\": \"new\"}\n{\"id\": \"x1\", \"text\": \"another text\"}\n");
    append(first.toString(), out);
    Map<String, Long> before = files(out);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> append(second.toString(), out));
    assertTrue(
        e.getMessage().contains("(x1)") && e.getMessage().contains("other texts"), e.getMessage());
    assertEquals(before, files(out));
  }

  @Test
  void aFolderThatIsNoRunOrAnOlderRunIsRefused() throws Exception {
    Path notes = Files.createDirectories(tmp.resolve("notes"));
    Files.writeString(notes.resolve("todo.txt"), "keep me");
    IllegalArgumentException foreign =
        assertThrows(
            IllegalArgumentException.class,
            () -> append(corpus.resolve("b.txt").toString(), notes.toString()));
    assertTrue(foreign.getMessage().contains("is not a run directory"), foreign.getMessage());
    assertEquals("keep me", Files.readString(notes.resolve("todo.txt")));

    Path older = tmp.resolve("older");
    try (Stream<Path> s = Files.walk(Path.of(whole))) {
      for (Path p : s.toList()) {
        Path to = older.resolve(Path.of(whole).relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(to);
        } else {
          Files.copy(p, to);
        }
      }
    }
    Path marker = older.resolve(OutputFolder.MARKER);
    Files.writeString(marker, Files.readString(marker).replace("layout=2", "layout=1"));
    Files.deleteIfExists(older.resolve("." + OutputFolder.MARKER + ".crc"));
    IllegalArgumentException old =
        assertThrows(
            IllegalArgumentException.class,
            () -> append(corpus.resolve("b.txt").toString(), older.toString()));
    assertTrue(
        old.getMessage().contains("older version") && old.getMessage().contains("layout 1"),
        old.getMessage());
  }
}
