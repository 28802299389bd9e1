package org.attentiontopology.job.corpus;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.util.TaskCompletionListener;
import org.attentiontopology.job.config.RunConfig;

/**
 * Reads a corpus into rows of {@link CorpusSchema}: one file, or every file of a folder ({@link
 * CorpusFiles}), each read by one task in the format its content and name say ({@link FileRecords}:
 * text, JSONL, CSV, Parquet, Arrow; gzip, bzip2 or zstd compressed). Records are numbered by file
 * path, then line or row. Whatever cannot be read (a malformed line, a blank text, a repeated id, a
 * file that is no corpus or breaks midway) becomes a row with {@code corpus_error} naming the file
 * and line, so it lands in the errors table and the rest goes on; only what is the configuration's
 * fault (no such corpus, a text column missing from the first file) stops the run at once. {@link
 * UniqueIds} gives the rule that makes ids unique.
 */
public final class CorpusReader {
  private final CorpusFields fields;
  private final boolean windows;
  private List<SkippedFile> skipped = List.of();

  public CorpusReader(RunConfig config) {
    this.fields = CorpusFields.of(config);
    this.windows = config.inference.windowed();
  }

  /** Fails at once, naming the path, when the corpus cannot be read. */
  public static void checkReadable(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new IllegalArgumentException(
            "corpus "
                + path
                + " does not exist: pass a text file (one document "
                + "per line), a .jsonl file, or a folder of them with --corpus");
      }
      FileStatus status = fs.getFileStatus(p);
      if (status.isFile() && status.getLen() == 0) {
        throw new IllegalArgumentException(
            "corpus " + path + " is empty: it must hold at least one document");
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "corpus "
              + path
              + " cannot be read ("
              + e.getMessage()
              + "): check the "
              + "path and its permissions",
          e);
    }
  }

  /**
   * The files of the last {@link #read} left out by rule (hidden names, empty files, dataset
   * metadata).
   */
  public List<SkippedFile> skippedFiles() {
    return skipped;
  }

  public Dataset<Row> read(SparkSession spark, String path) {
    checkReadable(spark, path);
    org.apache.hadoop.conf.Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    CorpusFiles.Listing listing;
    try {
      listing = CorpusFiles.list(new Path(path).getFileSystem(hadoop), path);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "corpus "
              + path
              + " cannot be listed ("
              + e.getMessage()
              + "): check the "
              + "path and its permissions",
          e);
    }
    skipped = listing.skipped();
    if (!skipped.isEmpty()) {
      System.out.println(SkippedFile.describe(skipped, 20));
    }
    List<CorpusFile> files = listing.files();
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "corpus "
              + path
              + " holds no file to read ("
              + skipped.size()
              + " skipped "
              + "by rule): give a folder of text, JSONL, CSV, Parquet or Arrow files");
    }
    preflight(hadoop, files.get(0));
    SerializableConfiguration conf = new SerializableConfiguration(hadoop);
    CorpusFields fields = this.fields;
    int slices = Math.min(files.size(), Math.max(1, 4 * spark.sparkContext().defaultParallelism()));
    JavaRDD<CorpusRecord> records =
        JavaSparkContext.fromSparkContext(spark.sparkContext())
            .parallelize(files, slices)
            .flatMap(f -> openInTask(conf, f, fields));
    // zipWithIndex numbers records in partition order, and parallelize keeps the files' order in
    // its partitions.
    JavaRDD<Row> rows = records.zipWithIndex().map(t -> t._1().toRow(t._2()));
    return UniqueIds.resolve(
        spark.createDataFrame(
            rows, CorpusSchema.SCHEMA.add(UniqueIds.PLACE, DataTypes.StringType, false)),
        windows);
  }

  /**
   * Stops the run, on the driver, when the first file shows a configuration mistake (a text column
   * it lacks), or when the corpus is one file that cannot be read at all: a run of one error row
   * would help nobody.
   */
  private void preflight(org.apache.hadoop.conf.Configuration hadoop, CorpusFile first) {
    try (FileRecords records = FileRecords.open(hadoop, first, fields)) {
      String refusal = records.refusal();
      if (refusal != null && (first.alone() || records.refusedByConfiguration())) {
        throw new IllegalArgumentException("corpus " + (first.alone() ? "" : "file ") + refusal);
      }
    } catch (IOException e) {
      // Closing what was only opened; the task will report a real failure.
    }
  }

  private static java.util.Iterator<CorpusRecord> openInTask(
      SerializableConfiguration conf, CorpusFile file, CorpusFields fields) {
    FileRecords records = FileRecords.open(conf.value(), file, fields);
    TaskContext task = TaskContext.get();
    if (task != null) {
      // The lambda alone is ambiguous between Scala's and Spark's listener types.
      task.addTaskCompletionListener(
          (TaskCompletionListener)
              t -> {
                try {
                  records.close();
                } catch (IOException e) {
                  // The task is over; nothing more is read.
                }
              });
    }
    return records;
  }
}
