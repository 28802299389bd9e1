package org.attentiontopology.job.stages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * One model's analysed examples, written into the attempt's staging folder partition by partition
 * as the analysis runs, so that a run killed midway and started again analyses only the partitions
 * that had not finished.
 *
 * <p>Why it works: the corpus is hash-partitioned by example id into a number of partitions fixed
 * by the configuration and the corpus, so partition k of a rerun holds the same examples as
 * partition k of the killed attempt. Spark's file committer moves each finished task's file, named
 * after its partition ({@code part-0000k-...}), out of the task's private folder when the task
 * commits; the files found committed after a kill are therefore whole partitions. They are kept
 * (moved to {@code kept/}), and the rerun analyses the other partitions only. Every attempt reads
 * its analysis back from these files, so an uninterrupted run and a resumed one read the same rows.
 */
public final class AnalysisCheckpoint {
  /** The staging folder's hidden folder of analyses (removed before the run is published). */
  public static final String FOLDER = "_analysis";

  private static final Pattern PART = Pattern.compile("part-(\\d{5})-.*\\.parquet");

  private final SparkSession spark;
  private final FileSystem fs;
  private final Path root;
  private final List<Path> done = new ArrayList<>();
  private final TreeSet<Integer> keptPartitions = new TreeSet<>();
  private long keptRows;

  /**
   * Finds what an interrupted attempt of this model analysed in {@code staging}; with {@code reuse}
   * false (e.g. an attention dump, which is written during the analysis) it starts afresh.
   */
  public AnalysisCheckpoint(SparkSession spark, String staging, String model, boolean reuse) {
    this.spark = spark;
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    this.root = new Path(new Path(staging, FOLDER), "model=" + model);
    try {
      this.fs = root.getFileSystem(conf);
      if (!reuse) {
        fs.delete(root, true);
        return;
      }
      keep();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + root + ": " + e.getMessage(), e);
    }
  }

  /** Partitions analysed by an interrupted attempt, which this one skips. */
  public TreeSet<Integer> keptPartitions() {
    return keptPartitions;
  }

  /** Examples (analysed rows) kept from an interrupted attempt. */
  public long keptRows() {
    return keptRows;
  }

  /**
   * Writes the analysis of the partitions not kept (the action that runs the inference), then
   * returns every analysed row, kept and new.
   */
  public Dataset<Row> write(Dataset<Row> analysed) {
    Path now = new Path(root, "attempt-" + System.currentTimeMillis());
    analysed.write().mode(SaveMode.ErrorIfExists).parquet(now.toString());
    done.add(now);
    return read(analysed.schema());
  }

  private Dataset<Row> read(org.apache.spark.sql.types.StructType schema) {
    return spark
        .read()
        .schema(schema)
        .parquet(done.stream().map(Path::toString).toArray(String[]::new));
  }

  /**
   * Moves the whole partitions an interrupted attempt committed into kept/ (a finished attempt's
   * files, a killed one's committed task files), and drops the rest.
   */
  private void keep() throws IOException {
    if (!fs.exists(root)) {
      return;
    }
    Path kept = new Path(root, "kept");
    fs.mkdirs(kept);
    for (FileStatus f : fs.listStatus(kept)) {
      Matcher m = PART.matcher(f.getPath().getName());
      if (m.matches()) {
        keptPartitions.add(Integer.parseInt(m.group(1)));
      }
    }
    for (FileStatus attempt : fs.listStatus(root)) {
      if (!attempt.isDirectory() || attempt.getPath().getName().equals("kept")) {
        continue;
      }
      List<FileStatus> files = new ArrayList<>();
      collect(attempt.getPath(), files);
      for (FileStatus f : files) {
        Matcher m = PART.matcher(f.getPath().getName());
        if (m.matches() && keptPartitions.add(Integer.parseInt(m.group(1)))) {
          Path to = new Path(kept, f.getPath().getName());
          if (!fs.rename(f.getPath(), to)) {
            throw new IOException("rename of " + f.getPath() + " to " + to + " failed");
          }
        }
      }
      fs.delete(attempt.getPath(), true);
    }
    for (FileStatus f : fs.listStatus(kept)) {
      if (PART.matcher(f.getPath().getName()).matches()) {
        try (org.apache.parquet.hadoop.ParquetFileReader reader =
            org.apache.parquet.hadoop.ParquetFileReader.open(
                org.apache.parquet.hadoop.util.HadoopInputFile.fromStatus(
                    f, spark.sparkContext().hadoopConfiguration()))) {
          keptRows += reader.getRecordCount();
        }
      }
    }
    if (!keptPartitions.isEmpty()) {
      done.add(kept);
    }
  }

  /**
   * The committed part files under an attempt's folder: in it once its job committed, under
   * _temporary/N/task_* for tasks that committed before the kill (never a task attempt's own
   * folder, _temporary/N/_temporary, whose files may be half written).
   */
  private void collect(Path dir, List<FileStatus> out) throws IOException {
    for (FileStatus f : fs.listStatus(dir)) {
      String name = f.getPath().getName();
      if (f.isDirectory()) {
        boolean committedTasks =
            name.equals("_temporary") || name.matches("\\d+") || name.startsWith("task_");
        boolean privateAttempts = name.equals("_temporary") && dir.getName().matches("\\d+");
        if (committedTasks && !privateAttempts) {
          collect(f.getPath(), out);
        }
      } else {
        out.add(f);
      }
    }
  }

  /** Removes the analyses (they are not part of the published run). */
  public static void remove(String staging, Configuration conf) {
    Path folder = new Path(staging, FOLDER);
    try {
      folder.getFileSystem(conf).delete(folder, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + folder + ": " + e.getMessage(), e);
    }
  }
}
