package org.attentiontopology.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.spark_partition_id;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.corpus.CorpusSchema;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.attentiontopology.job.stages.AnalysisCheckpoint;
import org.attentiontopology.job.stages.AnalyzePartition;
import org.attentiontopology.job.stages.AnalyzedExample;
import org.attentiontopology.job.stages.DiagramComparisons;
import org.attentiontopology.job.stages.ExampleAnalysis;
import org.attentiontopology.job.stages.HeadDistanceAggregation;
import org.attentiontopology.job.stages.HeadTopology;
import org.attentiontopology.job.stages.LiveCount;
import org.attentiontopology.job.stages.Progress;
import org.attentiontopology.job.stages.TextWindows;
import org.attentiontopology.job.stages.TokenStatistics;
import org.attentiontopology.job.tables.ExampleTables;
import org.attentiontopology.job.tables.OutputTable;
import org.attentiontopology.job.tables.RunHistory;
import org.attentiontopology.job.tables.TableInputs;

/**
 * One model's analysed examples (checkpointed in the attempt's folder, so a rerun after a kill
 * keeps the finished partitions), persisted and sorted by id, with what the tables derive from them
 * once (the diagrams, the head cloud). Inference and analysis run once, here; every table of the
 * catalogue is a projection or an aggregate of these rows.
 */
final class AnalysedModel implements TableInputs, AutoCloseable {
  private final SparkSession spark;
  private final RunConfig config;
  private final Progress progress;
  private final Dataset<Row> analyzed;
  private final Dataset<Row> succeeded;
  private final Dataset<Row> diagrams;
  private final Map<String, Double> stageSeconds = new LinkedHashMap<>();
  private final String model;

  /** The run this one appends to; null for a run's first batch. */
  private final RunHistory history;

  private HeadDistanceAggregation.Sums headSums;
  private HeadTopology heads;
  private boolean headsAdded;

  private AnalysedModel(
      SparkSession spark,
      RunConfig config,
      Progress progress,
      Dataset<Row> analyzed,
      String model,
      RunHistory history) {
    this.spark = spark;
    this.model = model;
    this.history = history;
    this.config = config;
    this.progress = progress;
    this.analyzed = analyzed;
    this.succeeded = analyzed.where("error_stage IS NULL");
    this.diagrams = DiagramComparisons.diagrams(analyzed);
  }

  /**
   * Runs inference and analysis over {@code corpus} and sorts the examples by id.
   *
   * @param dumpDirectory where to dump the attention, or "" for no dump
   */
  static AnalysedModel analyse(
      SparkSession spark,
      RunConfig config,
      Progress progress,
      ModelSpec spec,
      Dataset<Row> corpus,
      long corpusSize,
      TokenStatistics.Settings tokenSettings,
      String dumpDirectory,
      AnalysisCheckpoint checkpoint,
      RunHistory history) {
    String model = spec.name();
    LiveCount analysedCount = new LiveCount(spark.sparkContext(), "examples analysed");
    // Windows depend on the model's tokenizer, so each model splits the corpus itself.
    Dataset<Row> input =
        config.inference.windowed() && spec.family().readsText()
            ? corpus.flatMap(
                new TextWindows(spec, config.inference.windowOverlap(), config.inference.workDir()),
                Encoders.row(CorpusSchema.SCHEMA))
            : corpus;
    int partitions = input.rdd().getNumPartitions();
    Dataset<Row> remaining = input;
    if (!checkpoint.keptPartitions().isEmpty()) {
      progress.note(
          String.format(
              "resuming: the analysis of %,d example(s) (%d of %d partitions) is kept from the "
                  + "interrupted attempt",
              checkpoint.keptRows(), checkpoint.keptPartitions().size(), partitions));
      remaining =
          input.where(not(spark_partition_id().isin(checkpoint.keptPartitions().toArray())));
    }
    Dataset<Row> analysing =
        remaining.mapPartitions(
            new AnalyzePartition(
                    spec,
                    config.inference.workDir(),
                    config.inference.device(),
                    config.inference.batchSize(),
                    ExampleAnalysis.Settings.of(config),
                    tokenSettings,
                    config.diagramStats.bettiThresholds(),
                    config.report.examples(),
                    analysedCount.accumulator())
                .dumpAttentionTo(dumpDirectory),
            Encoders.row(AnalyzedExample.SCHEMA));
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t = System.nanoTime();
    if (spark.sparkContext().isLocal()) {
      loadModelHere(progress, config, spec); // timed with the analysis, as when a task loads it
    }
    Dataset<Row> unsorted;
    try (analysedCount) {
      // runs inference and analysis once, into the checkpoint; every table reads its rows
      unsorted =
          progress.counted(
              "analysing with " + model,
              "examples",
              Math.max(0, corpusSize - checkpoint.keptRows()),
              analysedCount,
              () -> checkpoint.write(analysing));
    }
    seconds.put("inference_and_analysis", RunJob.seconds(t));

    // The per-example tables hold millions of rows (top_attended: examples x heads x tokens x k),
    // and sorting each of them for stable files took a quarter of a run. Instead the analysed
    // examples, a few large rows, are sorted by id once, and each per-example table is projected
    // from them in that order: every example's rows come out in the order they were made, which is
    // the order of the table's own key (RunJobIntegrationTest reads the files back in order), so
    // the files are what a sort would give, at the cost of one shuffle of the examples. As many
    // partitions as the analysis had (64 examples each by default), so that caching one, which
    // Spark does in batches of whole partitions, stays as small as before: a plain orderBy took
    // spark.sql.shuffle.partitions, and 10,000 examples in 8 partitions ran out of a 1 GB heap.
    t = System.nanoTime();
    Dataset<Row> analyzed =
        unsorted
            .repartitionByRange(partitions, col("example_id"))
            .sortWithinPartitions("example_id")
            .persist(StorageLevel.fromString(config.spark.persist()));
    progress.stage("sorting the examples by id", analyzed::count, n -> "");
    seconds.put("sort_by_example", RunJob.seconds(t));
    AnalysedModel m = new AnalysedModel(spark, config, progress, analyzed, model, history);
    m.stageSeconds.putAll(seconds);
    return m;
  }

  /**
   * In local mode this JVM is the executor: loading the model here, into the cache its tasks use,
   * makes the load a stage of its own on the console. If it fails, the tasks try again and report
   * the error as on a cluster.
   */
  private static void loadModelHere(Progress progress, RunConfig config, ModelSpec spec) {
    try {
      progress.stage(
          "loading " + spec.name(),
          () ->
              AnalyzePartition.loadModel(
                  spec, config.inference.workDir(), config.inference.device()));
    } catch (RuntimeException e) {
      // The analysis reports it.
    }
  }

  @Override
  public SparkSession spark() {
    return spark;
  }

  @Override
  public RunConfig config() {
    return config;
  }

  @Override
  public Dataset<Row> analyzed() {
    return analyzed;
  }

  @Override
  public Dataset<Row> succeeded() {
    return succeeded;
  }

  @Override
  public Dataset<Row> diagrams() {
    return diagrams;
  }

  @Override
  public Dataset<Row> earlier(OutputTable table) {
    return history == null ? null : history.table(table, model);
  }

  /**
   * Adds up the head distances over the examples once, on first use (a stage of its own), and adds
   * the earlier batches' stored sums to them (an append).
   */
  @Override
  public HeadDistanceAggregation.Sums headSums() {
    if (headSums == null) {
      headSums =
          progress.stage(
              "adding up the head distances",
              () -> {
                HeadDistanceAggregation.Sums batch = HeadDistanceAggregation.sums(analyzed);
                return history == null ? batch : history.headSums(model).plus(batch);
              },
              x -> "");
    }
    return headSums;
  }

  /** The heads as a point cloud under the corpus head distance (every batch of the run). */
  @Override
  public HeadTopology heads() {
    if (!headsAdded) {
      HeadDistanceAggregation.Totals totals = headSums().totals();
      if (totals.examples() > 0) {
        Dataset<Row> all = diagrams;
        if (history != null) {
          all =
              earlier(ExampleTables.TOKEN_DIAGRAMS)
                  .select("layer", "head")
                  .unionByName(diagrams.select("layer", "head"));
        }
        Row shape = all.selectExpr("max(layer) + 1", "max(head) + 1").first();
        heads = new HeadTopology(shape.getInt(0), shape.getInt(1), totals);
      }
      headsAdded = true;
    }
    return heads;
  }

  /** Seconds per stage so far, for the run table. */
  Map<String, Double> stageSeconds() {
    return stageSeconds;
  }

  long truncated() {
    return succeeded.where("truncated").count();
  }

  @Override
  public void close() {
    analyzed.unpersist();
  }
}
