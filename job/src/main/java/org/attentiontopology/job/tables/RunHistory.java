package org.attentiontopology.job.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.corpus.CorpusSchema;
import org.attentiontopology.job.stages.HeadDistanceAggregation;

/**
 * What a finished run holds that an append builds on: its batches (the run table), the corpus
 * records it analysed (ids, ordinals and a hash of each text: {@code _corpus_records}) and its
 * exact head-distance sums ({@code _head_sums}).
 *
 * <p>Why a class of its own: an append must first decide, from the stored run alone, whether it may
 * extend it at all (a run of this tool, of the current layout, with the same settings) and which
 * records of the new corpus are new; everything it refuses is refused here, before any inference,
 * with the run left as it was.
 */
public final class RunHistory {
  private final SparkSession spark;
  private final String root;
  private final List<Row> batches;

  private RunHistory(SparkSession spark, String root, List<Row> batches) {
    this.spark = spark;
    this.root = root;
    this.batches = batches;
  }

  /**
   * The run at {@code root} to append to, or null when there is none yet (the append is then the
   * run's first batch). Refuses a folder that is not a finished run of this tool's current layout.
   */
  public static RunHistory of(SparkSession spark, String root) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    OutputFolder folder = RunDirectory.folder(root, conf);
    folder.recover();
    switch (folder.state()) {
      case ABSENT -> {
        return null;
      }
      case FOREIGN ->
          throw new IllegalArgumentException(
              root
                  + " is not a run directory of attention-topology: --append extends only a run "
                  + "the tool wrote; nothing was changed; give that run's folder, or a new --out");
      case UNFINISHED ->
          throw new IllegalArgumentException(
              "the run in " + root + " never finished: nothing to append to; run it again");
      default -> {}
    }
    String layout = folder.marker(folder.target(), "layout");
    if (!RunDirectory.LAYOUT.equals(layout)) {
      throw new IllegalArgumentException(
          root
              + " was written by an older version of attention-topology (run layout "
              + (layout == null ? "without a marker" : layout)
              + ", before batches were recorded), so it cannot take an append; nothing was "
              + "changed; run its corpus and the new one together into a new --out");
    }
    List<Row> batches =
        spark.read().parquet(new Path(root, RunDirectory.RUN_TABLE).toString()).collectAsList();
    return new RunHistory(spark, root, batches);
  }

  public String root() {
    return root;
  }

  /** The run's id, which every batch keeps. */
  public String runId() {
    return batches.get(0).getAs("run_id");
  }

  /** The number the next batch gets. */
  public int nextBatch() {
    int last = 0;
    for (Row b : batches) {
      last = Math.max(last, (Integer) b.getAs("batch"));
    }
    return last + 1;
  }

  /** The run table's rows: one per model and batch. */
  public List<Row> batches() {
    return batches;
  }

  /**
   * Refuses settings that would give numbers the run's could not be added to, naming each setting
   * that differs (the settings of where and how Spark runs may differ).
   */
  public void requireSameSettings(RunConfig config) {
    String stored = batches.get(0).getAs("result_config");
    Map<String, String> before = flatten(stored);
    Map<String, String> now = flatten(config.resultJson);
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(now.keySet());
    List<String> differences = new ArrayList<>();
    for (String key : keys) {
      String a = before.get(key);
      String b = now.get(key);
      if (a == null ? b != null : !a.equals(b)) {
        differences.add(key + " = " + show(b) + " here, " + show(a) + " in the run");
      }
    }
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException(
          "the settings differ from those of the run in "
              + root
              + " ("
              + String.join("; ", differences)
              + "): an append must use the run's settings, so its numbers add up with the run's; "
              + "nothing was changed; append with the run's settings, or start a new --out");
    }
  }

  private static String show(String value) {
    return value == null ? "unset" : value;
  }

  private static Map<String, String> flatten(String json) {
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : ConfigFactory.parseString(json).entrySet()) {
      out.put(e.getKey(), e.getValue().render(com.typesafe.config.ConfigRenderOptions.concise()));
    }
    return out;
  }

  /** The corpus records of every batch: example_id, ordinal, text_hash, batch. */
  public Dataset<Row> records() {
    // Its files, not its folder, whose name (starting with _) Spark warns about.
    Path folder = new Path(root, OutputTables.CORPUS_RECORDS.name());
    try {
      String[] files =
          java.util.Arrays.stream(
                  folder
                      .getFileSystem(spark.sparkContext().hadoopConfiguration())
                      .listStatus(folder, p -> p.getName().endsWith(".parquet")))
              .map(f -> f.getPath().toString())
              .toArray(String[]::new);
      return spark.read().parquet(files).drop("run_id");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * The records of a corpus as the run stores them: the id, the ordinal and a hash of the text, by
   * which a record already in the run is told from a different text under the same id.
   */
  public static Dataset<Row> records(Dataset<Row> corpus, int batch) {
    return corpus.select(
        col(CorpusSchema.EXAMPLE_ID),
        col(CorpusSchema.ORDINAL),
        xxhash64(col(CorpusSchema.TEXT)).as("text_hash"),
        lit(batch).as("batch"));
  }

  /**
   * The records of a new corpus batch that the run does not hold yet, numbered after the run's
   * (ordinals go on from the run's last, as one run over all batches in order numbers them); {@code
   * alreadyPresent} counts the records skipped because the run holds the same id with the same
   * text.
   */
  public record Batch(Dataset<Row> corpus, long alreadyPresent, long fresh) {}

  /**
   * Splits a new corpus batch into records the run holds already (skipped, counted) and new ones;
   * refuses a batch that gives a stored id to another text, naming the ids.
   */
  public Batch newRecords(Dataset<Row> corpus, String corpusPath) {
    Dataset<Row> stored =
        records().select(col("example_id").as("stored_id"), col("text_hash").as("stored_hash"));
    Dataset<Row> joined =
        corpus.join(
            stored, corpus.col(CorpusSchema.EXAMPLE_ID).equalTo(stored.col("stored_id")), "left");
    Row counts =
        joined
            .selectExpr(
                "count(stored_id)",
                "count_if(stored_id IS NOT NULL AND stored_hash <> xxhash64(text))",
                "count(*)")
            .first();
    long present = counts.getLong(0);
    long collisions = counts.getLong(1);
    if (collisions > 0) {
      List<String> ids =
          joined
              .where("stored_id IS NOT NULL AND stored_hash <> xxhash64(text)")
              .select(CorpusSchema.EXAMPLE_ID)
              .orderBy(CorpusSchema.EXAMPLE_ID)
              .limit(5)
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList();
      throw new IllegalArgumentException(
          "corpus "
              + corpusPath
              + " gives "
              + collisions
              + " id(s) of the run in "
              + root
              + " to other texts ("
              + String.join(", ", ids)
              + (collisions > ids.size() ? ", ..." : "")
              + "): an id names one example for good; nothing was changed; give those records "
              + "new ids, or leave them out of the batch");
    }
    Row last = records().selectExpr("max(ordinal)").first();
    long offset = last.isNullAt(0) ? 0 : last.getLong(0) + 1;
    Dataset<Row> fresh =
        joined
            .where("stored_id IS NULL")
            .withColumn(CorpusSchema.ORDINAL, col(CorpusSchema.ORDINAL).plus(offset))
            .select(
                java.util.Arrays.stream(corpus.columns())
                    .map(org.apache.spark.sql.functions::col)
                    .toArray(org.apache.spark.sql.Column[]::new));
    return new Batch(fresh, present, counts.getLong(2) - present);
  }

  /** One of the run's tables for one model, without its run_id and model columns. */
  public Dataset<Row> table(OutputTable table, String model) {
    return spark
        .read()
        .parquet(new Path(new Path(root, table.name()), "model=" + model).toString())
        .drop("run_id", "model");
  }

  /** The model's exact head-distance sums over every batch so far. */
  public HeadDistanceAggregation.Sums headSums(String model) {
    List<Row> rows = table(OutputTables.HEAD_SUMS, model).collectAsList();
    return rows.isEmpty()
        ? HeadDistanceAggregation.Sums.none()
        : HeadDistanceAggregation.Sums.fromRow(rows.get(0));
  }
}
