package org.attentiontopology.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.tables.OutputTables;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same corpus and configuration give the same tables whatever the partitioning: runs with 1, 2
 * and 7 partitions write identical rows in every table, the sums and means over the corpus
 * included.
 */
class PartitioningTest {
  static SparkSession spark;
  @TempDir static Path tmp;
  static final int[] PARTITIONS = {1, 2, 7};
  static final List<String> RUNS = new ArrayList<>();

  @BeforeAll
  static void runThreeTimes() throws Exception {
    spark = LocalSpark.start(PartitioningTest.class, 3);
    List<String> lines =
        Files.readAllLines(Path.of(PartitioningTest.class.getResource("/corpus/tiny.txt").toURI()));
    // The ordinary lines only (the long one is tested elsewhere), repeated so that batches mix
    // differently.
    List<String> corpus = new ArrayList<>();
    for (String l : lines) {
      if (!l.isBlank() && l.length() < 300) {
        corpus.add(l);
      }
    }
    Path file = Files.write(tmp.resolve("corpus.txt"), corpus);
    for (int p : PARTITIONS) {
      RunConfig config =
          RunConfig.load(
              null,
              List.of(
                  "spark.partitions=" + p,
                  "inference.batch-size=4",
                  "inference.work-dir=" + tmp.resolve("work"),
                  "token-analysis.top-k=0"));
      String out = tmp.resolve("run-" + p).toString();
      new RunJob(spark, config).run(file.toString(), out, false);
      RUNS.add(out);
    }
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static Dataset<Row> table(int run, String name) {
    return spark.read().parquet(RUNS.get(run) + "/" + name);
  }

  /** Every table of a run but `run` (whose timings differ), read from the run folder itself. */
  static List<String> tables() throws Exception {
    try (var dirs = Files.list(Path.of(RUNS.get(0)))) {
      return dirs.filter(Files::isDirectory)
          .map(d -> d.getFileName().toString())
          .filter(n -> !n.equals("run") && !n.startsWith(".") && !n.startsWith("_"))
          .sorted()
          .toList();
    }
  }

  @Test
  void everyTableIsIdenticalCorpusAggregatesIncluded() throws Exception {
    List<String> tables = tables();
    // The corpus-level aggregates are exact sums rounded once, so they too must agree to the bit.
    assertTrue(
        tables.containsAll(
            List.of(
                "head_distances",
                "head_stats_corpus",
                "head_diagrams",
                "examples",
                "token_diagrams",
                "diagram_stats",
                "head_stats")),
        tables.toString());
    for (String t : tables) {
      Dataset<Row> reference = table(0, t);
      for (int run = 1; run < RUNS.size(); run++) {
        Dataset<Row> other = table(run, t);
        assertEquals(reference.count(), other.count(), t);
        assertEquals(
            0,
            reference.exceptAll(other).count(),
            t + " differs with " + PARTITIONS[run] + " partitions");
      }
    }
  }

  @Test
  void corpusRecordsAreWrittenInOrdinalOrderWhateverThePartitioning() {
    // The hidden record list an append reads is sorted like the tables: its files, read one by one
    // in name order, hold the records in order, so the same corpus gives the same files.
    for (int run = 0; run < RUNS.size(); run++) {
      java.io.File[] files =
          new java.io.File(RUNS.get(run), OutputTables.CORPUS_RECORDS.name())
              .listFiles((dir, name) -> name.endsWith(".parquet"));
      assertTrue(files != null && files.length > 0, RUNS.get(run));
      java.util.Arrays.sort(files);
      long previous = -1;
      long seen = 0;
      for (java.io.File file : files) {
        for (Row r : spark.read().parquet(file.getPath()).select("ordinal").collectAsList()) {
          assertTrue(
              r.getLong(0) > previous,
              "ordinal " + r.getLong(0) + " after " + previous + " in " + file);
          previous = r.getLong(0);
          seen++;
        }
      }
      assertEquals(spark.read().parquet(RUNS.get(run) + "/_corpus_records").count(), seen);
    }
  }
}
