package org.attentiontopology.job.report;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.tables.OutputTable;
import org.attentiontopology.job.tables.OutputTables;

/**
 * The Parquet tables of a finished run directory, as the report reads them, named by the catalogue
 * ({@link OutputTables}). Only the tables' documented columns are used; the optional tables
 * (token_distances, token_attention, model_distances) may be absent.
 */
public final class RunTables {
  private final SparkSession spark;
  private final String root;
  private final FileSystem fs;

  private RunTables(SparkSession spark, String root, FileSystem fs) {
    this.spark = spark;
    this.root = root;
    this.fs = fs;
  }

  /** Opens a run directory, refusing one that does not exist or did not finish (no run table). */
  public static RunTables open(SparkSession spark, String root) {
    try {
      Path p = new Path(root);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(p)) {
        throw new IllegalArgumentException(
            "RUN_DIR "
                + root
                + " does not exist: pass the --out directory of "
                + "`attention-topology run`");
      }
      RunTables tables = new RunTables(spark, root, fs);
      if (!tables.has(OutputTables.RUN)) {
        throw new IllegalArgumentException(
            "RUN_DIR "
                + root
                + " is not a finished run (no run table): run "
                + "`attention-topology run` first, or wait for it to finish");
      }
      return tables;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read RUN_DIR " + root + ": " + e.getMessage(), e);
    }
  }

  public String root() {
    return root;
  }

  public FileSystem fileSystem() {
    return fs;
  }

  public boolean has(OutputTable table) {
    return has(table.name());
  }

  private boolean has(String table) {
    try {
      return fs.exists(new Path(root, table));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot check table " + table + " in " + root + ": " + e.getMessage(), e);
    }
  }

  /** A table the report needs; a missing one is named with what to do about it. */
  public Dataset<Row> required(OutputTable table) {
    if (!has(table)) {
      throw new IllegalArgumentException(
          "RUN_DIR "
              + root
              + " has no "
              + table
              + " table, which every finished run "
              + "writes: the directory is damaged or from another tool; rerun `attention-topology run`");
    }
    return spark.read().parquet(new Path(root, table.name()).toString());
  }

  public Dataset<Row> optional(OutputTable table) {
    return has(table) ? spark.read().parquet(new Path(root, table.name()).toString()) : null;
  }

  /**
   * Rows of one model; a table without a model column (written by an older tool) is taken as it is.
   */
  public static Dataset<Row> ofModel(Dataset<Row> table, String model) {
    return hasColumn(table, "model") ? table.where(col("model").equalTo(model)) : table;
  }

  public static boolean hasColumn(Dataset<Row> table, String column) {
    return Arrays.asList(table.columns()).contains(column);
  }
}
