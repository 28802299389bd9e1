package org.attentiontopology.job.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.attentiontopology.job.tables.RunDirectory;
import org.attentiontopology.job.tables.StoragePaths;

/**
 * A table of a run directory that a query may see: a folder whose Parquet files were committed (a
 * _SUCCESS marker), either itself or per model in its model=NAME partition folders. Listed through
 * Hadoop's FileSystem, so a run on cluster storage is read like a local one.
 *
 * @param name the table's name, which is its folder's
 * @param dir the table's folder (a plain absolute path when local, else with its scheme)
 * @param partitions the committed model=NAME folders; empty for a table written without partitions
 */
record RunTable(String name, String dir, List<String> partitions) {

  /**
   * The tables of a finished run; a folder that is not one (missing, foreign, killed midway) is
   * refused.
   */
  static List<RunTable> of(String runDir) {
    Configuration conf = new Configuration();
    RunDirectory.requireFinished(runDir, conf);
    Path root = StoragePaths.qualify(runDir, conf);
    FileSystem fs = StoragePaths.fileSystem(root, conf);
    List<RunTable> tables = new ArrayList<>();
    try {
      FileStatus[] folders = fs.listStatus(root, p -> !p.getName().startsWith("_"));
      Arrays.sort(folders, Comparator.comparing(f -> f.getPath().getName()));
      for (FileStatus t : folders) {
        if (!t.isDirectory()) {
          continue;
        }
        List<String> partitions = new ArrayList<>();
        FileStatus[] parts = fs.listStatus(t.getPath(), p -> p.getName().startsWith("model="));
        Arrays.sort(parts, Comparator.comparing(f -> f.getPath().getName()));
        for (FileStatus p : parts) {
          if (p.isDirectory() && fs.exists(new Path(p.getPath(), "_SUCCESS"))) {
            partitions.add(shown(p.getPath(), conf));
          }
        }
        if (!partitions.isEmpty() || fs.exists(new Path(t.getPath(), "_SUCCESS"))) {
          tables.add(new RunTable(t.getPath().getName(), shown(t.getPath(), conf), partitions));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + runDir + ": " + e.getMessage(), e);
    }
    if (tables.isEmpty()) {
      throw new IllegalArgumentException(
          runDir + " holds no tables: is it a run directory written by `run`?");
    }
    return tables;
  }

  private static String shown(Path p, Configuration conf) {
    return StoragePaths.display(p.toString(), conf);
  }

  static String names(List<RunTable> tables) {
    return String.join(", ", tables.stream().map(RunTable::name).toList());
  }
}
