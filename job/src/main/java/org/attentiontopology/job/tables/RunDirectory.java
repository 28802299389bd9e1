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

  private final SparkSession spark;
  private final OutputFolder folder;
  private final Path root;
  private final String runId;

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
        root, KIND, conf, dir -> hasLegacyRunTable(dir, conf), RunDirectory::isOwnFile);
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
    OutputFolder folder = folder(root, spark.sparkContext().hadoopConfiguration());
    folder.checkWritable(overwrite, "--overwrite");
    return new RunDirectory(spark, folder, folder.begin(runId), runId);
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
    Dataset<Row> withKeys =
        table
            .conform(rows)
            .select(lit(runId).as("run_id"), org.apache.spark.sql.functions.col("*"));
    List<String> sort = table.sortedBy();
    if (!sort.isEmpty()) {
      withKeys = withKeys.orderBy(sort.get(0), sort.subList(1, sort.size()).toArray(new String[0]));
    }
    // The partition folder is written directly (not with partitionBy) so that an empty part still
    // leaves a file with the schema, and readers of the table find every model's folder.
    String part = new Path(path(table.name()), "model=" + model).toString();
    withKeys.write().mode(SaveMode.ErrorIfExists).parquet(part);
    return rowCount(new Path(part));
  }

  /** Writes one model's part of a table made on the driver. */
  public long write(String model, OutputTable table, List<Row> rows) {
    return write(model, table, spark.createDataFrame(rows, table.schema()).coalesce(1));
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
    spark
        .createDataFrame(rows, table.schema())
        .coalesce(1)
        .select(lit(runId).as("run_id"), org.apache.spark.sql.functions.col("*"))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(path(table.name()));
    return rows.size();
  }

  public String runId() {
    return runId;
  }
}
