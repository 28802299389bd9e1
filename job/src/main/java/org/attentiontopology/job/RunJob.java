package org.attentiontopology.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.corpus.CorpusReader;
import org.attentiontopology.job.corpus.CorpusSchema;
import org.attentiontopology.job.corpus.ImageCorpusReader;
import org.attentiontopology.job.model.ModelKind;
import org.attentiontopology.job.model.ModelSpec;
import org.attentiontopology.job.stages.AnalysisCheckpoint;
import org.attentiontopology.job.stages.AnalyzePartition;
import org.attentiontopology.job.stages.AnalyzedExample;
import org.attentiontopology.job.stages.AttentionDumpWriter;
import org.attentiontopology.job.stages.DiagramComparisons;
import org.attentiontopology.job.stages.DiagramStats;
import org.attentiontopology.job.stages.ExampleAnalysis;
import org.attentiontopology.job.stages.HeadDistanceAggregation;
import org.attentiontopology.job.stages.HeadTopology;
import org.attentiontopology.job.stages.LiveCount;
import org.attentiontopology.job.stages.ModelComparison;
import org.attentiontopology.job.stages.Progress;
import org.attentiontopology.job.stages.TextWindows;
import org.attentiontopology.job.stages.TokenStatistics;
import org.attentiontopology.job.tables.OutputFolder;
import org.attentiontopology.job.tables.RunDirectory;
import org.attentiontopology.job.tables.RunHistory;
import org.attentiontopology.job.tables.RunManifest;
import org.attentiontopology.job.tables.TableSchemas;
import org.attentiontopology.job.tables.TokenTables;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.attentiontopology.tokens.HeadImportance;

/**
 * The `run` job: corpus to Parquet tables. Inference and per-example analysis run once, in
 * mapPartitions, into a persisted dataset of analyzed examples; every table is a projection or an
 * aggregate of it.
 */
public final class RunJob {
  private final SparkSession spark;
  private final RunConfig config;
  private final Progress progress;

  /**
   * Where this run's attention dump is being written (its staging folder), or "" without a dump.
   */
  private String dumpRoot = "";

  public RunJob(SparkSession spark, RunConfig config) {
    this(spark, config, Progress.toConsole(null));
  }

  /**
   * @param progress where each stage is reported as it runs
   */
  public RunJob(SparkSession spark, RunConfig config, Progress progress) {
    this.spark = spark;
    this.config = config;
    this.progress = progress.watching(spark.sparkContext());
  }

  /** What a run wrote: its id, directory and the row count of every table (summed over models). */
  public record Summary(String runId, String directory, Map<String, Long> rows, double seconds) {}

  public Summary run(String corpusPath, String outDir, boolean overwrite) {
    return run(corpusPath, outDir, overwrite, false);
  }

  /**
   * @param append add the corpus as a new batch of the run in {@code outDir} (its first batch when
   *     there is none): records the run holds already are skipped, the corpus-level tables are
   *     rebuilt from the stored sums (docs/scheduled-runs.md)
   */
  public Summary run(String corpusPath, String outDir, boolean overwrite, boolean append) {
    long t0 = System.nanoTime();
    // Fail fast, on the driver, for what is the configuration's fault: output folders before the
    // corpus is read.
    RunHistory history = append ? RunHistory.of(spark, outDir) : null;
    if (history != null) {
      history.requireSameSettings(config);
    } else {
      RunDirectory.checkAvailable(spark, outDir, overwrite);
    }
    OutputFolder dump =
        config.dumpAttention.isBlank()
            ? null
            : AttentionDumpWriter.folder(
                config.dumpAttention, spark.sparkContext().hadoopConfiguration());
    if (dump != null) {
      dump.checkWritable(overwrite, "--overwrite");
    }
    List<ModelSpec> specs = config.modelSpecs();
    TokenStatistics.Settings tokenSettings = tokenSettings();

    // Vision models read a folder of images; text models read text, JSONL or tables. One run reads
    // one corpus.
    long vision = specs.stream().filter(s -> s.kind() == ModelKind.VISION).count();
    if (vision > 0 && vision < specs.size()) {
      throw new IllegalArgumentException(
          "models "
              + config.models
              + " mix vision and text models: one run reads one "
              + "corpus, so run them separately");
    }
    if (windowed()) {
      for (ModelSpec spec : specs) {
        if (spec.kind() != ModelKind.VISION) {
          TextWindows.requireOverlapFits(spec, config.windowOverlap);
        }
      }
    }
    ImageCorpusReader images = new ImageCorpusReader();
    CorpusReader texts = new CorpusReader(config);
    // Opening lists the files, tells the format and numbers the records (a Spark job of its own).
    Dataset<Row> read =
        progress.stage(
            "opening the corpus",
            () -> vision > 0 ? images.read(spark, corpusPath) : texts.read(spark, corpusPath),
            d -> "");
    long skippedFiles = (vision > 0 ? images.skippedFiles() : texts.skippedFiles()).size();
    RunManifest.CorpusFingerprint fingerprint =
        progress.stage(
            "reading the corpus",
            () -> RunManifest.fingerprint(read),
            f -> String.format("%,d examples", f.count()));
    int batch = history == null ? 1 : history.nextBatch();
    Dataset<Row> batchCorpus = read;
    long corpusSize = fingerprint.count();
    long alreadyPresent = 0;
    if (history != null) {
      RunHistory.Batch b =
          progress.stage(
              "comparing the corpus with the run's " + (batch - 1) + " batch(es)",
              () -> history.newRecords(read, corpusPath),
              x ->
                  String.format(
                      "%,d new, %,d already in the run (skipped)", x.fresh(), x.alreadyPresent()));
      if (b.fresh() == 0) {
        progress.note(
            "nothing to append: every record of "
                + corpusPath
                + " is in the run already; the run is unchanged");
        return new Summary(history.runId(), outDir, new LinkedHashMap<>(), seconds(t0));
      }
      batchCorpus = b.corpus();
      corpusSize = b.fresh();
      alreadyPresent = b.alreadyPresent();
    }
    // The run keeps the id of its first batch; an attempt is this batch of this corpus with these
    // settings, which a rerun after a kill resumes.
    String runId = history == null ? RunManifest.runId(config, fingerprint) : history.runId();
    String attempt = RunManifest.runId(config, fingerprint) + "-batch" + batch;
    // By default at least the cores, and small enough partitions (64 examples) that progress and
    // load balance well.
    int partitions =
        config.partitions > 0
            ? config.partitions
            : (int)
                Math.max(
                    spark.sparkContext().defaultParallelism(),
                    Math.min(10_000, (corpusSize + 63) / 64));
    if (history == null) {
      checkComparisonInputs(read);
    }
    Dataset<Row> corpus =
        batchCorpus
            .repartition(partitions, col(CorpusSchema.EXAMPLE_ID))
            .sortWithinPartitions(length(col(CorpusSchema.TEXT)), col(CorpusSchema.ORDINAL));
    RunDirectory out =
        RunDirectory.create(spark, outDir, runId, attempt, overwrite || history != null);
    try {
      dumpRoot = dump == null ? "" : dump.begin(runId).toString();
      Batch thisBatch =
          new Batch(batch, corpusPath, corpusSize, skippedFiles, alreadyPresent, history);
      Map<String, Long> rows =
          writeTables(specs, corpus, batchCorpus, thisBatch, out, tokenSettings);
      if (dump != null) {
        dump.publish(runId);
      }
      AnalysisCheckpoint.remove(out.staging(), spark.sparkContext().hadoopConfiguration());
      if (!out.reused().isEmpty()) {
        progress.note(
            "resumed an interrupted attempt: kept its "
                + out.reused().size()
                + " finished table(s) ("
                + String.join(", ", out.reused())
                + ")");
      }
      out.publish();
      return new Summary(runId, outDir, rows, seconds(t0));
    } catch (RuntimeException | Error e) {
      if (dump != null) {
        dump.abandon();
      }
      out.abandon();
      throw e;
    }
  }

  /**
   * What is being added: the batch's number, its corpus, its size (records analysed now), the files
   * skipped, the records the run held already, and the run it extends (null for a first batch).
   */
  private record Batch(
      int number,
      String corpusPath,
      long size,
      long skippedFiles,
      long alreadyPresent,
      RunHistory history) {}

  /**
   * What the comparisons need from the corpus, checked before any inference: a run that cannot
   * compare its examples should fail in seconds, not after the analysis.
   */
  private void checkComparisonInputs(Dataset<Row> corpus) {
    if (config.pairs.equals("reference")
        && corpus.where(col(CorpusSchema.EXAMPLE_ID).equalTo(config.reference)).isEmpty()) {
      throw new IllegalArgumentException(
          "comparisons.reference names example '"
              + config.reference
              + "', which "
              + "is not in the corpus: give the id of one of its examples");
    }
    if (config.pairs.equals("file")) {
      DiagramComparisons.filePairs(spark, config.pairsFile);
    }
  }

  /**
   * Every model's tables, then the tables across models and the run table; returns the row counts.
   */
  private Map<String, Long> writeTables(
      List<ModelSpec> specs,
      Dataset<Row> corpus,
      Dataset<Row> records,
      Batch batch,
      RunDirectory out,
      TokenStatistics.Settings tokenSettings) {
    Map<String, Long> rows = new LinkedHashMap<>();
    List<Row> manifests = new ArrayList<>();
    Map<String, List<PersistenceDiagram>> headClouds = new LinkedHashMap<>();
    for (ModelSpec spec : specs) {
      Instant modelStarted = Instant.now();
      long tm = System.nanoTime();
      ModelRun m = runModel(spec, corpus, batch, out, tokenSettings);
      m.rows().forEach((table, n) -> rows.merge(table, n, Long::sum));
      if (m.headCloud() != null) {
        headClouds.put(spec.name(), m.headCloud());
      }
      manifests.add(
          new RunManifest(
                  config,
                  batch.corpusPath(),
                  modelStarted,
                  Instant.now(),
                  seconds(tm),
                  m.examples(),
                  m.rows().get("errors"),
                  m.truncated(),
                  m.rows(),
                  m.stageSeconds(),
                  longTexts(spec))
              .withSkippedFiles(batch.skippedFiles())
              .inBatch(batch.number(), batch.alreadyPresent())
              .row());
    }
    if (specs.size() > 1) {
      List<Row> modelDistances =
          progress.stage(
              "comparing the models' head clouds",
              () -> ModelComparison.distances(headClouds),
              d -> "");
      rows.put(
          "model_distances",
          progress.table(
              "model_distances",
              () -> out.writeShared("model_distances", modelDistances, ModelComparison.SCHEMA)));
    }
    // The records of this batch, by which a later append tells new records from ones the run holds.
    progress.stage(
        "recording the batch's corpus records",
        () -> out.writeShared(RunHistory.RECORDS, RunHistory.records(records, batch.number())),
        n -> String.format("%,d", n));
    if (batch.history() != null) {
      progress.stage(
          "copying the run's earlier batches",
          () -> out.carry(batch.history().root(), REBUILT),
          bytes -> String.format("%,d bytes", bytes));
    }
    progress.stage(
        "writing the run table",
        () -> {
          for (int i = 0; i < specs.size(); i++) {
            String model = specs.get(i).name();
            Dataset<Row> batches =
                spark.createDataFrame(List.of(manifests.get(i)), RunManifest.SCHEMA);
            if (batch.history() != null) {
              batches =
                  batch
                      .history()
                      .table(RunDirectory.RUN_TABLE, model)
                      .selectExpr(RunManifest.SCHEMA.fieldNames())
                      .unionByName(batches);
            }
            out.write(model, RunDirectory.RUN_TABLE, batches.coalesce(1), "batch");
          }
        });
    return rows;
  }

  /**
   * The tables an append writes whole from the stored sums and the new batch (every other table is
   * the earlier batches' files plus the new batch's).
   */
  private static final java.util.Set<String> REBUILT =
      java.util.Set.of(
          "head_distances",
          "head_diagrams",
          "head_stats_corpus",
          "model_distances",
          RunDirectory.RUN_TABLE,
          RunHistory.HEAD_SUMS);

  /**
   * One model's part of the run; headCloud holds its head cloud's diagrams scaled to the mean
   * distance per token (null when no example succeeded).
   */
  private record ModelRun(
      Map<String, Long> rows,
      Map<String, Double> stageSeconds,
      long examples,
      long truncated,
      List<PersistenceDiagram> headCloud) {}

  private ModelRun runModel(
      ModelSpec spec,
      Dataset<Row> corpus,
      Batch batch,
      RunDirectory dir,
      TokenStatistics.Settings tokenSettings) {
    String model = spec.name();
    long corpusSize = batch.size();
    RunHistory history = batch.history();
    Map<String, Double> stageSeconds = new LinkedHashMap<>();
    Map<String, Long> rows = new LinkedHashMap<>();
    LiveCount analysedCount = new LiveCount(spark.sparkContext(), "examples analysed");
    // Windows depend on the model's tokenizer, so each model splits the corpus itself.
    Dataset<Row> input =
        windowed() && spec.kind() != ModelKind.VISION
            ? corpus.flatMap(
                new TextWindows(spec, config.windowOverlap, config.workDir),
                Encoders.row(CorpusSchema.SCHEMA))
            : corpus;
    // The analysis goes to the attempt's folder partition by partition: a rerun after a kill keeps
    // the partitions that finished (not with an attention dump, which the analysis writes).
    AnalysisCheckpoint checkpoint =
        new AnalysisCheckpoint(spark, dir.staging(), model, dumpRoot.isBlank());
    int partitions = input.rdd().getNumPartitions();
    Dataset<Row> remaining = input;
    if (!checkpoint.keptPartitions().isEmpty()) {
      progress.note(
          String.format(
              "resuming: the analysis of %,d example(s) (%d of %d partitions) is kept from the "
                  + "interrupted attempt",
              checkpoint.keptRows(), checkpoint.keptPartitions().size(), partitions));
      remaining =
          input.where(
              org.apache.spark.sql.functions.not(
                  org.apache
                      .spark
                      .sql
                      .functions
                      .spark_partition_id()
                      .isin(checkpoint.keptPartitions().toArray())));
    }
    Dataset<Row> analysing =
        remaining.mapPartitions(
            new AnalyzePartition(
                    spec,
                    config.workDir,
                    config.device,
                    config.batchSize,
                    ExampleAnalysis.Settings.of(config),
                    tokenSettings,
                    config.reportExamples,
                    analysedCount.accumulator())
                .dumpAttentionTo(dumpDirectory(model)),
            Encoders.row(AnalyzedExample.SCHEMA));
    long t = System.nanoTime();
    if (spark.sparkContext().isLocal()) {
      loadModelHere(spec); // timed with the analysis, as when its first task loads the model
    }
    Dataset<Row> unsorted;
    try (analysedCount) {
      // runs inference and analysis once; every table below reads the analysed rows
      unsorted =
          progress.counted(
              "analysing with " + model,
              "examples",
              Math.max(0, corpusSize - checkpoint.keptRows()),
              analysedCount,
              () -> checkpoint.write(analysing));
    }
    stageSeconds.put("inference_and_analysis", seconds(t));

    // The per-example tables hold millions of rows (top_attended: examples x heads x tokens x k),
    // and sorting each of them for stable files took a quarter of a run. Instead the analysed
    // examples, a few large rows, are sorted by id once, and each per-example table is projected
    // from them in that order: every example's rows come out in the order they were made, which is
    // the order of the table's own key (RunJobIntegrationTest reads the files back in order), so
    // the files are what a sort would give, at the cost of one shuffle of the examples.
    t = System.nanoTime();
    // As many partitions as the analysis had (64 examples each by default), so that caching one,
    // which Spark does in batches of whole partitions, stays small: a plain orderBy took
    // spark.sql.shuffle.partitions, and 10,000 examples in 8 partitions ran out of a 1 GB heap.
    Dataset<Row> analyzed =
        unsorted
            .repartitionByRange(partitions, col("example_id"))
            .sortWithinPartitions("example_id")
            .persist(StorageLevel.fromString(config.persistLevel));
    progress.stage("sorting the examples by id", analyzed::count, n -> "");
    stageSeconds.put("sort_by_example", seconds(t));

    t = System.nanoTime();
    Dataset<Row> ok = analyzed.where("error_stage IS NULL");
    rows.put(
        "examples",
        progress.table(
            "examples",
            () ->
                dir.write(
                    model,
                    "examples",
                    ok.select(
                        "example_id",
                        "ordinal",
                        "window",
                        "n_windows",
                        "source",
                        "label",
                        "group",
                        "text",
                        "n_tokens",
                        "n_points",
                        "untruncated_tokens",
                        "truncated",
                        "tokens",
                        "kept_positions"),
                    "ordinal",
                    "window")));
    rows.put(
        "errors",
        progress.table(
            "errors",
            () ->
                dir.write(
                    model,
                    "errors",
                    analyzed
                        .where("error_stage IS NOT NULL")
                        .select(
                            col("example_id"),
                            col("ordinal"),
                            col("window"),
                            col("source"),
                            col("error_stage").as("stage"),
                            col("error_class"),
                            col("error_message").as("message")),
                    "ordinal",
                    "window")));
    Dataset<Row> diagrams = DiagramComparisons.diagrams(analyzed);
    rows.put(
        "token_diagrams",
        progress.table(
            "token_diagrams",
            () ->
                dir.write(
                    model,
                    "token_diagrams",
                    diagrams.selectExpr(
                        "example_id",
                        "layer",
                        "head",
                        "dim",
                        "size(bars) AS n_bars",
                        "size(filter(bars, b -> b.death IS NULL)) AS n_essential",
                        "bars"))));
    rows.put(
        "diagram_stats",
        progress.table(
            "diagram_stats",
            () ->
                dir.write(
                    model, "diagram_stats", DiagramStats.of(diagrams, config.bettiThresholds))));
    if (config.maxDimension >= 1) {
      rows.put(
          "barcode_features",
          progress.table(
              "barcode_features",
              () ->
                  dir.write(
                      model,
                      "barcode_features",
                      DiagramStats.barcodeFeatures(diagrams),
                      "example_id",
                      "layer",
                      "head")));
    }
    rows.put(
        "token_distances",
        progress.table(
            "token_distances",
            () ->
                dir.write(
                    model,
                    "token_distances",
                    ok.where("token_distances IS NOT NULL")
                        .selectExpr("example_id", "n_points", "inline(token_distances)"))));
    stageSeconds.put("example_tables", seconds(t));

    t = System.nanoTime();
    rows.putAll(
        progress.stage(
            "writing the token tables",
            () ->
                TokenTables.write(
                    dir,
                    model,
                    ok,
                    config.edgesThreshold > 0,
                    history == null ? null : history.table("head_stats", model)),
            Progress::rowCounts));
    stageSeconds.put("token_tables", seconds(t));

    t = System.nanoTime();
    HeadDistanceAggregation.Sums sums =
        progress.stage(
            "adding up the head distances",
            () -> {
              HeadDistanceAggregation.Sums batchSums = HeadDistanceAggregation.sums(analyzed);
              return history == null ? batchSums : history.headSums(model).plus(batchSums);
            },
            x -> "");
    dir.write(
        model, RunHistory.HEAD_SUMS, List.of(sums.toRow()), HeadDistanceAggregation.Sums.SCHEMA);
    HeadDistanceAggregation.Totals totals = sums.totals();
    // An append compares and measures over the run's earlier examples too: their diagrams and
    // places in the corpus are in its tables.
    Dataset<Row> allDiagrams =
        history == null
            ? diagrams
            : history
                .table("token_diagrams", model)
                .select("example_id", "layer", "head", "dim", "bars")
                .unionByName(diagrams);
    Dataset<Row> placed =
        history == null
            ? analyzed
            : history
                .table("examples", model)
                .selectExpr(
                    "example_id",
                    "ordinal",
                    "window",
                    "`group`",
                    "CAST(NULL AS STRING) AS error_stage")
                .unionByName(
                    analyzed.select("example_id", "ordinal", "window", "group", "error_stage"));
    List<PersistenceDiagram> headCloud = null;
    if (totals.examples() > 0) {
      int[] shape = modelShape(allDiagrams);
      HeadTopology heads = new HeadTopology(shape[0], shape[1], totals);
      rows.put(
          "head_distances",
          progress.table(
              "head_distances",
              () ->
                  dir.write(
                      model,
                      "head_distances",
                      heads.distanceRows(),
                      TableSchemas.HEAD_DISTANCES,
                      "layer_i",
                      "head_i",
                      "layer_j",
                      "head_j")));
      rows.put(
          "head_diagrams",
          progress.table(
              "head_diagrams",
              () ->
                  dir.write(
                      model,
                      "head_diagrams",
                      heads.diagramRows(config.headMaxDimension),
                      TableSchemas.HEAD_DIAGRAMS,
                      "dim",
                      "birth",
                      "death")));
      headCloud = heads.meanDiagrams(config.headMaxDimension);
    } else {
      rows.put(
          "head_distances",
          dir.write(model, "head_distances", List.of(), TableSchemas.HEAD_DISTANCES));
      rows.put(
          "head_diagrams",
          dir.write(model, "head_diagrams", List.of(), TableSchemas.HEAD_DIAGRAMS));
    }
    stageSeconds.put("head_topology", seconds(t));

    t = System.nanoTime();
    Dataset<Row> pairs =
        switch (config.pairs) {
          case "consecutive" -> DiagramComparisons.consecutivePairs(spark, placed);
          case "group" -> DiagramComparisons.groupPairs(placed);
          case "reference" -> DiagramComparisons.referencePairs(placed, config.reference);
          case "file" -> DiagramComparisons.filePairs(spark, config.pairsFile);
          default -> null;
        };
    if (pairs != null && history != null) {
      // The earlier batches compared their own pairs; this one adds those with a new example.
      Dataset<Row> fresh = analyzed.select(col("example_id").as("new_id"));
      pairs =
          pairs.join(
              fresh,
              pairs
                  .col("example_a")
                  .equalTo(col("new_id"))
                  .or(pairs.col("example_b").equalTo(col("new_id"))),
              "left_semi");
    }
    Dataset<Row> distances =
        pairs == null
            ? spark.createDataFrame(List.of(), TableSchemas.DIAGRAM_DISTANCES)
            : DiagramComparisons.compare(allDiagrams, pairs, config.wasserstein);
    rows.put(
        "diagram_distances",
        progress.table(
            "diagram_distances (" + config.pairs + " pairs)",
            () ->
                dir.write(
                    model,
                    "diagram_distances",
                    distances,
                    "example_a",
                    "example_b",
                    "layer",
                    "head",
                    "dim")));
    stageSeconds.put("diagram_distances", seconds(t));
    long truncated = ok.where("truncated").count();
    analyzed.unpersist();
    // The run table counts corpus lines or records, not analysed rows (windows are several rows of
    // one text).
    return new ModelRun(rows, stageSeconds, corpusSize, truncated, headCloud);
  }

  /**
   * In local mode this JVM is the executor: loading the model here, into the cache its tasks use,
   * makes the load a stage of its own on the console. If it fails, the tasks try again and report
   * the error as on a cluster.
   */
  private void loadModelHere(ModelSpec spec) {
    try {
      progress.stage(
          "loading " + spec.name(),
          () -> AnalyzePartition.loadModel(spec, config.workDir, config.device));
    } catch (RuntimeException e) {
      // The analysis reports it.
    }
  }

  private boolean windowed() {
    return config.longTexts.equals("window");
  }

  /**
   * What this model does with texts longer than its maximum length, in words, for the run table.
   */
  private String longTexts(ModelSpec spec) {
    if (spec.kind() == ModelKind.VISION) {
      return "not applicable: an image is always " + spec.name() + "'s fixed number of patches";
    }
    return windowed()
        ? "windows of "
            + spec.maxLength()
            + " tokens overlapping by "
            + config.windowOverlap
            + " word pieces "
            + "(a text whose windows do not tokenize back to their pieces is truncated to "
            + spec.maxLength()
            + " tokens and flagged truncated)"
        : "truncate to " + spec.maxLength() + " tokens (flagged truncated)";
  }

  private TokenStatistics.Settings tokenSettings() {
    double[][] importance = null;
    if (!config.headImportance.isBlank()) {
      try {
        org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(config.headImportance);
        byte[] content;
        try (java.io.InputStream in =
            file.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(file)) {
          content = in.readAllBytes();
        }
        importance = HeadImportance.read(config.headImportance, content).toArray();
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "head-importance file "
                + config.headImportance
                + " cannot be read: "
                + e.getMessage()
                + "; set token-analysis.head-importance to a .csv, .json or .npy file",
            e);
      }
    }
    return new TokenStatistics.Settings(
        config.topK, config.wordLevel, importance, (float) config.edgesThreshold, config.logBase);
  }

  /**
   * Where this model's attention is dumped: the configured folder, one subfolder per model when
   * there are several.
   */
  private String dumpDirectory(String model) {
    if (dumpRoot.isBlank() || config.models.size() == 1) {
      return dumpRoot;
    }
    return new org.apache.hadoop.fs.Path(dumpRoot, "model=" + model).toString();
  }

  /** Layers and heads of the model, read off the diagrams (so the driver never loads the model). */
  private static int[] modelShape(Dataset<Row> diagrams) {
    Row r = diagrams.selectExpr("max(layer) + 1", "max(head) + 1").first();
    return new int[] {r.getInt(0), r.getInt(1)};
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
