package org.attentiontopology.job.corpus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Reads a folder of images (png, jpg, jpeg; recursive) into rows of {@link CorpusSchema} for a
 * vision model. The {@code text} column holds the image's URI (the model reads the bytes on the
 * executor, so they never travel through the shuffle); the id is the path relative to the folder,
 * the ordinal its place in that path's sorted order (stable across reruns), the label the name of
 * the image's parent folder (null for images directly in the corpus folder). Files with other
 * extensions and hidden names (starting with . or _) are skipped and reported. A file of zero bytes
 * becomes a row with {@code corpus_error}; one that does not decode, or declares more pixels than
 * one example may decode to, fails at inference, as its own error row.
 *
 * <p>A file listing rather than Spark's {@code binaryFile} source: it gives the sorted order
 * directly and reads no bytes on the driver.
 */
public final class ImageCorpusReader {

  /** Extensions of the images read, lower-case; other files are skipped and reported. */
  public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg");

  private List<SkippedFile> skipped = List.of();

  /** The files of the last {@link #read} left out by rule (hidden names, other extensions). */
  public List<SkippedFile> skippedFiles() {
    return skipped;
  }

  public Dataset<Row> read(SparkSession spark, String folder) {
    CorpusReader.checkReadable(spark, folder);
    List<Row> rows = new ArrayList<>();
    try {
      Path root = new Path(folder);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus rootStatus = fs.getFileStatus(root);
      Path base =
          rootStatus.isDirectory() ? fs.makeQualified(root) : fs.makeQualified(root).getParent();
      String basePrefix =
          base.toUri().getPath().endsWith("/")
              ? base.toUri().getPath()
              : base.toUri().getPath() + "/";
      List<LocatedFileStatus> images = new ArrayList<>();
      List<SkippedFile> skippedNow = new ArrayList<>();
      RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
      while (files.hasNext()) {
        LocatedFileStatus file = files.next();
        String relative = relative(file, basePrefix);
        if (!file.isFile()) {
          continue;
        }
        if (rootStatus.isDirectory() && hidden(relative)) {
          skippedNow.add(
              new SkippedFile(
                  relative, "hidden name (it or a folder above it starts with . or _)"));
        } else if (!EXTENSIONS.contains(extension(file.getPath().getName()))) {
          skippedNow.add(new SkippedFile(relative, "not a .png, .jpg or .jpeg file"));
        } else {
          images.add(file);
        }
      }
      skippedNow.sort(Comparator.comparing(SkippedFile::path));
      skipped = skippedNow;
      if (!skipped.isEmpty()) {
        System.out.println(SkippedFile.describe(skipped, 20));
      }
      if (images.isEmpty()) {
        throw new IllegalArgumentException(
            "image corpus " + folder + " holds no .png, .jpg or .jpeg file");
      }
      images.sort(Comparator.comparing(f -> relative(f, basePrefix)));
      long ordinal = 0;
      for (LocatedFileStatus image : images) {
        String id = relative(image, basePrefix);
        int slash = id.lastIndexOf('/');
        String label = slash < 0 ? null : id.substring(id.lastIndexOf('/', slash - 1) + 1, slash);
        String uri = image.getPath().toUri().toString();
        String error = image.getLen() == 0 ? "image " + uri + " is empty (0 bytes)" : null;
        rows.add(RowFactory.create(id, ordinal++, uri, uri, label, null, true, error, 0, 1));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "image corpus " + folder + " cannot be listed (" + e.getMessage() + ")", e);
    }
    return spark.createDataFrame(rows, CorpusSchema.SCHEMA);
  }

  private static String relative(FileStatus file, String basePrefix) {
    String path = file.getPath().toUri().getPath();
    return path.startsWith(basePrefix)
        ? path.substring(basePrefix.length())
        : file.getPath().getName();
  }

  private static boolean hidden(String relative) {
    for (String part : relative.split("/")) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
