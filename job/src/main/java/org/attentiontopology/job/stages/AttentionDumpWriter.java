package org.attentiontopology.job.stages;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.attentiontopology.job.model.TextAttention;

/**
 * Writes one Spark task's examples' attention as an Arrow IPC stream, {@code
 * attention-<partition>.arrow}: one record batch per example, one row per layer and head (layout in
 * docs/tables.md, "Attention dump").
 *
 * <p>The stream is written under an attempt-specific name and renamed into place only when the task
 * succeeds, so a failed or retried attempt never leaves half a file or a duplicate. One allocator
 * per task, closed with the file.
 */
public final class AttentionDumpWriter implements AutoCloseable {

  /** The Arrow schema of the dump. */
  public static final Schema SCHEMA =
      new Schema(
          List.of(
              Field.notNullable("example_id", ArrowType.Utf8.INSTANCE),
              Field.notNullable("layer", new ArrowType.Int(32, true)),
              Field.notNullable("head", new ArrowType.Int(32, true)),
              Field.notNullable("n", new ArrowType.Int(32, true)),
              new Field(
                  "tokens",
                  FieldType.notNullable(ArrowType.List.INSTANCE),
                  List.of(Field.notNullable("item", ArrowType.Utf8.INSTANCE))),
              new Field(
                  "weights",
                  FieldType.notNullable(ArrowType.List.INSTANCE),
                  List.of(
                      Field.notNullable(
                          "item", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))))));

  /** The kind recorded in a dump folder's marker. */
  private static final String KIND = "attention-dump";

  private static final java.util.regex.Pattern OWN_FILE =
      java.util.regex.Pattern.compile(
          "(model=[^/]+/)?\\.?attention-\\d{5}\\.arrow(\\.attempt-\\d+)?(\\.crc)?|\\._attention_topology\\.crc");

  /**
   * The dump folder as the tool sees it: written whole beside its target and published with the
   * run, so a folder that held an earlier dump never mixes its files with the new ones; a folder
   * holding anything but a dump is refused. A dump written before markers existed (only attention
   * files) may be replaced.
   */
  public static org.attentiontopology.job.tables.OutputFolder folder(
      String dir, Configuration conf) {
    return new org.attentiontopology.job.tables.OutputFolder(
        dir, KIND, conf, d -> onlyDumpFiles(d, conf), name -> OWN_FILE.matcher(name).matches());
  }

  private static boolean onlyDumpFiles(Path dir, Configuration conf) {
    try {
      org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> files =
          dir.getFileSystem(conf).listFiles(dir, true);
      boolean any = false;
      while (files.hasNext()) {
        String rel =
            files.next().getPath().toUri().getPath().substring(dir.toUri().getPath().length() + 1);
        if (!OWN_FILE.matcher(rel).matches()) {
          return false;
        }
        any = true;
      }
      return any;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private final FileSystem fs;
  private final Path attemptFile;
  private final Path finalFile;
  private final BufferAllocator allocator;
  private final VectorSchemaRoot root;
  private final OutputStream out;
  private final ArrowStreamWriter writer;
  private boolean closed;

  /** Opens {@code <dir>/attention-<partition>.arrow.attempt-<attempt>} for writing. */
  public AttentionDumpWriter(String dir, int partition, long attempt) {
    try {
      finalFile = new Path(dir, String.format("attention-%05d.arrow", partition));
      attemptFile = new Path(dir, finalFile.getName() + ".attempt-" + attempt);
      fs = finalFile.getFileSystem(new Configuration());
      fs.setWriteChecksum(false); // no .crc side files beside the dump on a local disk
      fs.mkdirs(finalFile.getParent());
      out = fs.create(attemptFile, true);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot create the attention dump in " + dir + ": " + e.getMessage(), e);
    }
    allocator = new RootAllocator();
    root = VectorSchemaRoot.create(SCHEMA, allocator);
    writer =
        new ArrowStreamWriter(
            root, new DictionaryProvider.MapDictionaryProvider(), Channels.newChannel(out));
    try {
      writer.start();
    } catch (IOException e) {
      close(false);
      throw new UncheckedIOException(
          "cannot write the attention dump " + attemptFile + ": " + e.getMessage(), e);
    }
  }

  /** Appends one example: a record batch of layers x heads rows. */
  public void write(String exampleId, TextAttention attention) {
    int n = attention.length();
    int rows = attention.layers() * attention.heads();
    root.allocateNew();
    VarCharVector ids = (VarCharVector) root.getVector("example_id");
    IntVector layers = (IntVector) root.getVector("layer");
    IntVector heads = (IntVector) root.getVector("head");
    IntVector sizes = (IntVector) root.getVector("n");
    ListVector tokens = (ListVector) root.getVector("tokens");
    ListVector weights = (ListVector) root.getVector("weights");
    VarCharVector tokenItems = (VarCharVector) tokens.getDataVector();
    Float4Vector weightItems = (Float4Vector) weights.getDataVector();
    byte[] idBytes = exampleId.getBytes(StandardCharsets.UTF_8);
    byte[][] tokenBytes = new byte[n][];
    for (int t = 0; t < n; t++) {
      tokenBytes[t] = attention.tokens()[t].getBytes(StandardCharsets.UTF_8);
    }
    int row = 0;
    for (int layer = 0; layer < attention.layers(); layer++) {
      for (int head = 0; head < attention.heads(); head++, row++) {
        ids.setSafe(row, idBytes);
        layers.setSafe(row, layer);
        heads.setSafe(row, head);
        sizes.setSafe(row, n);
        int tokenStart = tokens.startNewValue(row);
        for (int t = 0; t < n; t++) {
          tokenItems.setSafe(tokenStart + t, tokenBytes[t]);
        }
        tokens.endValue(row, n);
        int weightStart = weights.startNewValue(row);
        float[][] matrix = attention.head(layer, head);
        for (int from = 0; from < n; from++) {
          for (int to = 0; to < n; to++) {
            weightItems.setSafe(weightStart + from * n + to, matrix[from][to]);
          }
        }
        weights.endValue(row, n * n);
      }
    }
    tokenItems.setValueCount(rows * n);
    weightItems.setValueCount(rows * n * n);
    root.setRowCount(rows);
    try {
      writer.writeBatch();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the attention dump " + attemptFile + ": " + e.getMessage(), e);
    }
  }

  /** Finishes the stream and moves it into place. */
  @Override
  public void close() {
    close(true);
  }

  /**
   * Closes the stream; {@code succeeded} renames it to its final name (replacing an earlier
   * attempt's), otherwise the attempt's file is deleted.
   */
  public void close(boolean succeeded) {
    if (closed) {
      return;
    }
    closed = true;
    IOException failure = null;
    try {
      writer.end();
    } catch (IOException e) {
      failure = e;
    }
    writer.close();
    root.close();
    allocator.close();
    try {
      out.close();
      if (succeeded && failure == null) {
        fs.delete(finalFile, false);
        if (!fs.rename(attemptFile, finalFile)) {
          throw new IOException("rename of " + attemptFile + " to " + finalFile + " failed");
        }
      } else {
        fs.delete(attemptFile, false);
      }
    } catch (IOException e) {
      failure = failure == null ? e : failure;
    }
    if (failure != null && succeeded) {
      throw new UncheckedIOException(
          "cannot finish the attention dump " + finalFile + ": " + failure.getMessage(), failure);
    }
  }
}
