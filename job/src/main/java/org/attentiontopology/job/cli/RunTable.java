package org.attentiontopology.job.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A table of a run directory that a query may see: a folder whose Parquet files were committed (a
 * _SUCCESS marker), either itself or per model in its model=NAME partition folders.
 *
 * @param name the table's name, which is its folder's
 * @param dir the table's folder
 * @param partitions the committed model=NAME folders; empty for a table written without partitions
 */
record RunTable(String name, Path dir, List<Path> partitions) {

  /**
   * The tables of a finished run; a folder that is not one (missing, foreign, killed midway) is
   * refused.
   */
  static List<RunTable> of(Path runDir) {
    org.attentiontopology.job.tables.RunDirectory.requireFinished(
        runDir.toString(), new org.apache.hadoop.conf.Configuration());
    File[] folders = runDir.toFile().listFiles(File::isDirectory);
    List<RunTable> tables = new ArrayList<>();
    if (folders != null) {
      Arrays.sort(folders, Comparator.comparing(File::getName));
      for (File t : folders) {
        File[] parts =
            t.listFiles(
                f ->
                    f.isDirectory()
                        && f.getName().startsWith("model=")
                        && new File(f, "_SUCCESS").exists());
        List<Path> partitions = new ArrayList<>();
        if (parts != null) {
          Arrays.sort(parts, Comparator.comparing(File::getName));
          for (File p : parts) {
            partitions.add(p.toPath());
          }
        }
        if (!partitions.isEmpty() || new File(t, "_SUCCESS").exists()) {
          tables.add(new RunTable(t.getName(), t.toPath(), partitions));
        }
      }
    }
    if (tables.isEmpty()) {
      throw new IllegalArgumentException(
          runDir + " holds no tables: is it a run directory written by `run`?");
    }
    return tables;
  }

  static String names(List<RunTable> tables) {
    return String.join(", ", tables.stream().map(RunTable::name).toList());
  }
}
