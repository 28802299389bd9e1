package org.attentiontopology.job.tables;

import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The output of one run: a folder of Parquet tables, one subfolder each, partitioned by model
 * ({@code examples/model=all-minilm-l6-v2/part-*.parquet}), so a run over several models keeps them
 * apart and any Parquet reader with Hive partitioning sees a model column. Every table gets the
 * run_id column first. The tables are written into a staging folder beside {@code --out} and
 * published whole when the run table is written ({@link OutputFolder}), so {@code --out} never
 * holds a half-written run and a failed overwrite keeps the old one.
 */
public final class RunDirectory {
  public static final String RUN_TABLE = OutputTables.RUN.name();
  private static final String KIND = "run";

  /**
   * The run folder's layout: 2 records batches (run table rows with batch numbers and settings,
   * _corpus_records, _head_sums), which an append extends; 1 and unmarked runs cannot take one.
   */
  public static final String LAYOUT = "2";

  private final SparkSession spark;
  private final OutputFolder folder;
  private final Path root;
  private final String runId;

  /** Tables (TABLE/model=M) that an interrupted attempt had finished and this one kept. */
  private final java.util.List<String> reused = new java.util.ArrayList<>();

  private RunDirectory(SparkSession spark, OutputFolder folder, Path root, String runId) {
    this.spark = spark;
    this.folder = folder;
    this.root = root;
    this.runId = runId;
  }

  /**
   * The run folder {@code root} as the tool sees it: what may be replaced, and what is finished.
   */
  public static OutputFolder folder(String root, Configuration conf) {
    return new OutputFolder(
        root, KIND, LAYOUT, conf, dir -> hasLegacyRunTable(dir, conf), RunDirectory::isOwnFile);
  }

  /**
   * Refuses, before any work, a folder the run may not write: one that exists without --overwrite,
   * and one that is not a run of this tool or holds files the tool did not write (a corpus, notes),
   * even with --overwrite.
   */
  public static void checkAvailable(SparkSession spark, String root, boolean overwrite) {
    folder(root, spark.sparkContext().hadoopConfiguration())
        .checkWritable(overwrite, "--overwrite");
  }

  /** Starts writing the run's tables into the staging folder beside {@code root}. */
  public static RunDirectory create(
      SparkSession spark, String root, String runId, boolean overwrite) {
    return create(spark, root, runId, runId, overwrite);
  }

  /**
   * Starts writing into the staging folder beside {@code root}, or resumes the unfinished attempt
   * there when it has the same {@code attempt} id (the same settings and input): its finished
   * tables are kept.
   */
  public static RunDirectory create(
      SparkSession spark, String root, String runId, String attempt, boolean overwrite) {
    OutputFolder folder = folder(root, spark.sparkContext().hadoopConfiguration());
    folder.checkWritable(overwrite, "--overwrite");
    return new RunDirectory(spark, folder, folder.begin(runId, attempt), runId);
  }

  /** Whether the unfinished attempt beside {@code root} has this id (a rerun would resume it). */
  public static boolean resumable(SparkSession spark, String root, String attempt) {
    return folder(root, spark.sparkContext().hadoopConfiguration()).resumable(attempt);
  }

  /** The staging folder's path (for work kept between attempts, such as the analysis). */
  public String staging() {
    return root.toString();
  }

  /** The tables, as TABLE/model=M, that an interrupted attempt had finished and were kept. */
  public java.util.List<String> reused() {
    return java.util.List.copyOf(reused);
  }

  /** Marks the run finished and moves it to its folder, replacing the previous run there. */
  public void publish() {
    folder.publish(runId);
  }

  /** Drops a failed run's staging folder; a previous run in the target folder is untouched. */
  public void abandon() {
    folder.abandon();
  }

  /**
   * Refuses a folder that holds no finished run, naming what it is instead, for the commands that
   * read one.
   */
  public static void requireFinished(String root, Configuration conf) {
    OutputFolder f = folder(root, conf);
    switch (f.state()) {
      case FINISHED -> {}
      case ABSENT ->
          throw new IllegalArgumentException(
              "run directory "
                  + root
                  + " does not exist or is empty: "
                  + "pass a folder written by `attention-topology run`");
      case FOREIGN ->
          throw new IllegalArgumentException(
              root
                  + " is not a run directory of attention-topology: "
                  + "pass a folder written by `attention-topology run`");
      case UNFINISHED ->
          throw new IllegalArgumentException(
              "the run in "
                  + root
                  + " did not finish (killed or "
                  + "failed): its tables are incomplete; run it again");
      default -> throw new IllegalStateException();
    }
  }

  /**
   * A run written before markers existed: its run table was written last, so its presence means
   * finished.
   */
  private static boolean hasLegacyRunTable(Path dir, Configuration conf) {
    try {
      FileSystem fs = dir.getFileSystem(conf);
      Path run = new Path(dir, RUN_TABLE);
      if (!fs.exists(run)) {
        return false;
      }
      for (org.apache.hadoop.fs.FileStatus part : fs.listStatus(run)) {
        if (part.isDirectory() && fs.exists(new Path(part.getPath(), "_SUCCESS"))) {
          return true;
        }
      }
      return fs.exists(new Path(run, "_SUCCESS"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The files a run holds: Spark's Parquet parts, commit markers and checksums inside table
   * folders, and the report's page. Anything else in a run folder was put there by someone else.
   */
  static boolean isOwnFile(String relative) {
    if (relative.equals("report/index.html") || relative.equals("report/.index.html.crc")) {
      return true;
    }
    int slash = relative.lastIndexOf('/');
    if (slash < 0) {
      return relative.equals("." + OutputFolder.MARKER + ".crc");
    }
    String name = relative.substring(slash + 1);
    return name.startsWith("part-")
        || name.equals("_SUCCESS")
        || name.startsWith(".") && name.endsWith(".crc");
  }

  public String path(String table) {
    return new Path(root, table).toString();
  }

  /**
   * Writes one model's part of a table: its declared columns (run_id first, the model as the
   * partition), sorted as the table declares for stable files; returns its row count.
   */
  public long write(String model, OutputTable table, Dataset<Row> rows) {
    // The partition folder is written directly (not with partitionBy) so that an empty part still
    // leaves a file with the schema, and readers of the table find every model's folder.
    return writeFolder(
        new Path(path(table.name()), "model=" + model),
        table.name() + "/model=" + model,
        table,
        rows);
  }

  /**
   * Writes the table's declared columns, run_id first and sorted as declared, into {@code folder};
   * a folder an interrupted attempt finished is kept (and named in {@code reused} as {@code
   * label}). Returns the folder's row count.
   */
  private long writeFolder(Path folder, String label, OutputTable table, Dataset<Row> rows) {
    if (finishedBefore(folder)) {
      reused.add(label);
      return rowCount(folder);
    }
    Dataset<Row> withKeys =
        table
            .conform(rows)
            .select(lit(runId).as("run_id"), org.apache.spark.sql.functions.col("*"));
    List<String> sort = table.sortedBy();
    if (!sort.isEmpty()) {
      String[] then = sort.subList(1, sort.size()).toArray(new String[0]);
      withKeys =
          table.modelSized()
              ? withKeys.coalesce(1).sortWithinPartitions(sort.get(0), then)
              : withKeys.orderBy(sort.get(0), then);
    }
    withKeys.write().mode(SaveMode.ErrorIfExists).parquet(folder.toString());
    return rowCount(folder);
  }

  /** Writes one model's part of a table made on the driver. */
  public long write(String model, OutputTable table, List<Row> rows) {
    return write(model, table, spark.createDataFrame(rows, table.schema()).coalesce(1));
  }

  /**
   * Whether an interrupted attempt finished this folder (Spark's _SUCCESS), so it is kept; a folder
   * it left half written is removed.
   */
  private boolean finishedBefore(Path folder) {
    try {
      FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(new Path(folder, "_SUCCESS"))) {
        return true;
      }
      if (fs.exists(folder)) {
        fs.delete(folder, true);
      }
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Rows of the Parquet files in a folder, from their footers: no Spark job, no data read. */
  private long rowCount(Path folder) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      FileSystem fs = folder.getFileSystem(conf);
      long rows = 0;
      for (org.apache.hadoop.fs.FileStatus f :
          fs.listStatus(folder, p -> p.getName().endsWith(".parquet"))) {
        try (org.apache.parquet.hadoop.ParquetFileReader reader =
            org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(f, conf))) {
          rows += reader.getRecordCount();
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read the footers of " + folder + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes a table that belongs to no single model (run_id first, no model partition), e.g.
   * distances between models.
   */
  public long writeShared(OutputTable table, List<Row> rows) {
    return writeShared(table, spark.createDataFrame(rows, table.schema()).coalesce(1));
  }

  /** Writes a table of the whole run (run_id first, no model partition), sorted as declared. */
  public long writeShared(OutputTable table, Dataset<Row> rows) {
    return writeFolder(new Path(path(table.name())), table.name(), table, rows);
  }

  /**
   * Copies an earlier run's tables into this attempt, beside the new batch's files: every table but
   * those the batch writes whole ({@code rewritten}) and the report, which describes the earlier
   * run only. A file copied by an interrupted attempt is not copied again. Returns the bytes
   * copied.
   *
   * <p>Why copies: the earlier run stays complete and readable in place until this attempt is
   * published in one swap, so a reader never sees a half-appended run and a failed append loses
   * nothing (docs/scheduled-runs.md weighs this against a table format).
   */
  public long carry(String previousRoot, java.util.Set<String> rewritten) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    Path previous = new Path(previousRoot);
    try {
      FileSystem from = previous.getFileSystem(conf);
      FileSystem to = root.getFileSystem(conf);
      long bytes = 0;
      for (org.apache.hadoop.fs.FileStatus table : from.listStatus(previous)) {
        String name = table.getPath().getName();
        if (table.isDirectory() && !rewritten.contains(name) && !name.equals("report")) {
          bytes += carryFolder(from, table.getPath(), to, new Path(root, name), conf);
        }
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot copy the tables of " + previousRoot + " into " + root + ": " + e.getMessage(), e);
    }
  }

  private static long carryFolder(
      FileSystem from, Path source, FileSystem to, Path target, Configuration conf)
      throws IOException {
    long bytes = 0;
    boolean parts = false;
    for (org.apache.hadoop.fs.FileStatus f : from.listStatus(source)) {
      String name = f.getPath().getName();
      Path copy = new Path(target, name);
      if (f.isDirectory()) {
        bytes += carryFolder(from, f.getPath(), to, copy, conf);
      } else if (name.startsWith("part-")) {
        parts = true;
        if (!to.exists(copy) || to.getFileStatus(copy).getLen() != f.getLen()) {
          // Copied beside and renamed, so a killed copy never leaves a file that looks whole.
          Path partial = new Path(target, "." + name + ".copying");
          org.apache.hadoop.fs.FileUtil.copy(from, f.getPath(), to, partial, false, true, conf);
          to.delete(copy, false);
          if (!to.rename(partial, copy)) {
            throw new IOException("rename of " + partial + " to " + copy + " failed");
          }
          bytes += f.getLen();
        }
      }
    }
    if (parts && !to.exists(new Path(target, "_SUCCESS"))) {
      to.create(new Path(target, "_SUCCESS"), true).close();
    }
    return bytes;
  }

  public String runId() {
    return runId;
  }
}
