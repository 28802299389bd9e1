package org.attentiontopology.job.corpus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The files of a corpus path: the file itself, or every file under the folder, subfolders included,
 * sorted by the path relative to the folder. A few are left out by rule, and each one is reported:
 * names that start with {@code .} or {@code _} (hidden files and folders, checksums, Spark's {@code
 * _SUCCESS}, as Hadoop's tools skip them), empty files, and the metadata beside HuggingFace Arrow
 * shards.
 */
final class CorpusFiles {
  private CorpusFiles() {}

  /** What {@code save_to_disk} writes beside its shards: metadata, not documents. */
  static final Set<String> HUGGINGFACE_METADATA =
      Set.of("dataset_info.json", "state.json", "dataset_dict.json");

  record Listing(List<CorpusFile> files, List<SkippedFile> skipped) {}

  static Listing list(FileSystem fs, String path) throws IOException {
    Path root = fs.makeQualified(new Path(path));
    FileStatus status = fs.getFileStatus(root);
    if (status.isFile()) {
      return new Listing(
          List.of(new CorpusFile(root.toUri().toString(), root.getName(), true)), List.of());
    }
    List<CorpusFile> files = new ArrayList<>();
    List<SkippedFile> skipped = new ArrayList<>();
    walk(fs, root, "", files, skipped);
    files.sort(Comparator.comparing(CorpusFile::name));
    skipped.sort(Comparator.comparing(SkippedFile::path));
    return new Listing(files, skipped);
  }

  private static void walk(
      FileSystem fs, Path dir, String prefix, List<CorpusFile> files, List<SkippedFile> skipped)
      throws IOException {
    FileStatus[] entries = fs.listStatus(dir);
    boolean arrowShards =
        Arrays.stream(entries)
            .anyMatch(e -> e.isFile() && e.getPath().getName().endsWith(".arrow"));
    for (FileStatus e : entries) {
      String name = e.getPath().getName();
      String relative = prefix + name;
      if (name.startsWith(".") || name.startsWith("_")) {
        skipped.add(
            new SkippedFile(
                relative + (e.isDirectory() ? "/" : ""), "hidden name (starts with . or _)"));
      } else if (e.isDirectory()) {
        walk(fs, e.getPath(), relative + "/", files, skipped);
      } else if (arrowShards && HUGGINGFACE_METADATA.contains(name)) {
        skipped.add(
            new SkippedFile(relative, "HuggingFace datasets metadata beside the .arrow shards"));
      } else if (e.getLen() == 0) {
        skipped.add(new SkippedFile(relative, "empty (0 bytes)"));
      } else {
        files.add(new CorpusFile(e.getPath().toUri().toString(), relative, false));
      }
    }
  }
}
