package org.attentiontopology.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.length;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.config.ComparisonSettings;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.corpus.CorpusReader;
import org.attentiontopology.job.corpus.CorpusSchema;
import org.attentiontopology.job.corpus.ImageCorpusReader;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.attentiontopology.job.stages.AnalysisCheckpoint;
import org.attentiontopology.job.stages.AttentionDumpWriter;
import org.attentiontopology.job.stages.DiagramComparisons;
import org.attentiontopology.job.stages.HeadTopology;
import org.attentiontopology.job.stages.ModelComparison;
import org.attentiontopology.job.stages.Progress;
import org.attentiontopology.job.stages.TextWindows;
import org.attentiontopology.job.stages.TokenStatistics;
import org.attentiontopology.job.tables.ExampleTables;
import org.attentiontopology.job.tables.OutputFolder;
import org.attentiontopology.job.tables.OutputTable;
import org.attentiontopology.job.tables.OutputTables;
import org.attentiontopology.job.tables.RunDirectory;
import org.attentiontopology.job.tables.RunHistory;
import org.attentiontopology.job.tables.RunManifest;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.attentiontopology.tokens.HeadImportance;

/**
 * The `run` job: corpus to Parquet tables. Each model analyses the corpus once ({@link
 * AnalysedModel}) and the catalogue's tables ({@link OutputTables}) are written from it in a loop;
 * the run table, written last, makes the folder a finished run.
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
        config.output.dumpAttention().isBlank()
            ? null
            : AttentionDumpWriter.folder(
                config.output.dumpAttention(), spark.sparkContext().hadoopConfiguration());
    if (dump != null) {
      dump.checkWritable(overwrite, "--overwrite");
    }
    List<ModelSpec> specs = config.runModels.specs();
    TokenStatistics.Settings tokenSettings = tokenSettings();

    // Vision models read a folder of images; text models read text, JSONL or tables. One run reads
    // one corpus.
    long vision = specs.stream().filter(s -> !s.family().readsText()).count();
    if (vision > 0 && vision < specs.size()) {
      throw new IllegalArgumentException(
          "models "
              + config.models
              + " mix vision and text models: one run reads one "
              + "corpus, so run them separately");
    }
    if (config.inference.windowed()) {
      for (ModelSpec spec : specs) {
        if (spec.family().readsText()) {
          TextWindows.requireOverlapFits(spec, config.inference.windowOverlap());
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
    RunBatch batch =
        history == null
            ? RunBatch.first(config, corpusPath, read, fingerprint, skippedFiles)
            : RunBatch.next(history, config, progress, corpusPath, read, fingerprint, skippedFiles);
    if (batch == null) {
      progress.note(
          "nothing to append: every record of "
              + corpusPath
              + " is in the run already; the run is unchanged");
      return new Summary(history.runId(), outDir, new LinkedHashMap<>(), seconds(t0));
    }
    String runId = batch.runId();
    // By default at least the cores, and small enough partitions (64 examples) that progress and
    // load balance well.
    int partitions =
        config.spark.partitions() > 0
            ? config.spark.partitions()
            : (int)
                Math.max(
                    spark.sparkContext().defaultParallelism(),
                    Math.min(10_000, (batch.size() + 63) / 64));
    if (history == null) {
      checkComparisonInputs(read);
    }
    Dataset<Row> corpus =
        batch
            .corpus()
            .repartition(partitions, col(CorpusSchema.EXAMPLE_ID))
            .sortWithinPartitions(length(col(CorpusSchema.TEXT)), col(CorpusSchema.ORDINAL));
    RunDirectory out =
        RunDirectory.create(spark, outDir, runId, batch.attempt(), overwrite || history != null);
    try {
      dumpRoot = dump == null ? "" : dump.begin(runId).toString();
      Map<String, Long> rows = writeTables(specs, corpus, batch, out, tokenSettings);
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
   * What the comparisons need from the corpus, checked before any inference: a run that cannot
   * compare its examples should fail in seconds, not after the analysis.
   */
  private void checkComparisonInputs(Dataset<Row> corpus) {
    if (config.comparisons.pairs() == ComparisonSettings.Pairs.REFERENCE
        && corpus
            .where(col(CorpusSchema.EXAMPLE_ID).equalTo(config.comparisons.reference()))
            .isEmpty()) {
      throw new IllegalArgumentException(
          "comparisons.reference names example '"
              + config.comparisons.reference()
              + "', which "
              + "is not in the corpus: give the id of one of its examples");
    }
    if (config.comparisons.pairs() == ComparisonSettings.Pairs.FILE) {
      DiagramComparisons.filePairs(spark, config.comparisons.pairsFile());
    }
  }

  /**
   * Every model's tables, then the tables across models and the run table; returns the row counts.
   */
  private Map<String, Long> writeTables(
      List<ModelSpec> specs,
      Dataset<Row> corpus,
      RunBatch batch,
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
                  batch.size(),
                  m.rows().get(ExampleTables.ERRORS.name()),
                  m.truncated(),
                  m.rows(),
                  m.stageSeconds(),
                  RunManifest.longTexts(config, spec))
              .withSkippedFiles(batch.skippedFiles())
              .inBatch(batch.number(), batch.alreadyPresent())
              .row());
    }
    if (specs.size() > 1) {
      OutputTable table = OutputTables.MODEL_DISTANCES;
      List<Row> modelDistances =
          progress.stage(
              "comparing the models' head clouds",
              () -> ModelComparison.distances(headClouds),
              d -> "");
      rows.put(
          table.name(), progress.table(table.name(), () -> out.writeShared(table, modelDistances)));
    }
    // The records of this batch, by which a later append tells new records from ones the run holds.
    progress.stage(
        "recording the batch's corpus records",
        () ->
            out.writeShared(
                OutputTables.CORPUS_RECORDS, RunHistory.records(batch.corpus(), batch.number())),
        n -> String.format("%,d", n));
    if (batch.history() != null) {
      progress.stage(
          "copying the run's earlier batches",
          () -> out.carry(batch.history().root(), OutputTables.REBUILT_BY_APPEND),
          bytes -> String.format("%,d bytes", bytes));
    }
    progress.stage(
        "writing the run table",
        () -> {
          for (int i = 0; i < specs.size(); i++) {
            String model = specs.get(i).name();
            Dataset<Row> batches =
                spark.createDataFrame(List.of(manifests.get(i)), OutputTables.RUN.schema());
            if (batch.history() != null) {
              batches =
                  OutputTables.RUN
                      .conform(batch.history().table(OutputTables.RUN, model))
                      .unionByName(batches);
            }
            out.write(model, OutputTables.RUN, batches.coalesce(1));
          }
        });
    return rows;
  }

  /**
   * One model's part of the run; headCloud holds its head cloud's diagrams scaled to the mean
   * distance per token (null when no example succeeded).
   */
  private record ModelRun(
      Map<String, Long> rows,
      Map<String, Double> stageSeconds,
      long truncated,
      List<PersistenceDiagram> headCloud) {}

  /** Analyses the corpus with one model and writes the catalogue's tables, stage by stage. */
  private ModelRun runModel(
      ModelSpec spec,
      Dataset<Row> corpus,
      RunBatch batch,
      RunDirectory dir,
      TokenStatistics.Settings tokenSettings) {
    String model = spec.name();
    // The analysis goes to the attempt's folder partition by partition: a rerun after a kill keeps
    // the partitions that finished (not with an attention dump, which the analysis writes).
    AnalysisCheckpoint checkpoint =
        new AnalysisCheckpoint(spark, dir.staging(), model, dumpRoot.isBlank());
    Map<String, Long> rows = new LinkedHashMap<>();
    try (AnalysedModel analysed =
        AnalysedModel.analyse(
            spark,
            config,
            progress,
            spec,
            corpus,
            batch.size(),
            tokenSettings,
            dumpDirectory(model),
            checkpoint,
            batch.history())) {
      for (OutputTable.Stage stage : OutputTable.Stage.values()) {
        if (stage == OutputTable.Stage.RUN) {
          continue;
        }
        long t = System.nanoTime();
        stage.prepare(analysed);
        for (OutputTable table : OutputTables.WRITTEN_PER_MODEL) {
          if (table.stage() == stage && table.writtenFor(config)) {
            rows.put(
                table.name(),
                progress.table(
                    table.progressLabel(config),
                    () -> dir.write(model, table, table.rows(analysed))));
          }
        }
        analysed.stageSeconds().put(stage.key, seconds(t));
      }
      HeadTopology heads = analysed.heads();
      return new ModelRun(
          rows,
          analysed.stageSeconds(),
          analysed.truncated(),
          heads == null ? null : heads.meanDiagrams(config.persistence.headMaxDimension()));
    }
  }

  private TokenStatistics.Settings tokenSettings() {
    double[][] importance = null;
    if (!config.tokenAnalysis.headImportance().isBlank()) {
      try {
        org.apache.hadoop.fs.Path file =
            new org.apache.hadoop.fs.Path(config.tokenAnalysis.headImportance());
        byte[] content;
        try (java.io.InputStream in =
            file.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(file)) {
          content = in.readAllBytes();
        }
        importance = HeadImportance.read(config.tokenAnalysis.headImportance(), content).toArray();
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException(
            "head-importance file "
                + config.tokenAnalysis.headImportance()
                + " cannot be read: "
                + e.getMessage()
                + "; set token-analysis.head-importance to a .csv, .json or .npy file",
            e);
      }
    }
    return new TokenStatistics.Settings(
        config.tokenAnalysis.topK(),
        config.tokenAnalysis.wordLevel(),
        importance,
        (float) config.tokenAnalysis.edgesThreshold(),
        config.divergence.logBase());
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

  static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
