package org.attentiontopology.job.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.ByteArrayReadableSeekableByteChannel;

/**
 * Arrow IPC: the streams HuggingFace {@code datasets} writes with {@code save_to_disk} ({@code
 * data-0000k-of-0000n .arrow}, no footer) and IPC files (with a footer, e.g. Feather v2). Each file
 * has its own allocator, closed with the file. Values become strings (a ClassLabel column arrives
 * as its integer); a binary text column is decoded as strict UTF-8. A shard cut short keeps the
 * batches before the cut and ends with an error row saying where.
 */
final class ArrowRecords extends FileRecords {
  private final BufferAllocator allocator;
  private final ArrowReader reader;
  private final CorpusFields fields;
  private VectorSchemaRoot root;
  private int row;
  private int rowsInBatch;

  private ArrowRecords(
      CorpusFile file, BufferAllocator allocator, ArrowReader reader, CorpusFields fields) {
    super(file);
    this.allocator = allocator;
    this.reader = reader;
    this.fields = fields;
  }

  static FileRecords of(CorpusFile file, InputStream in, CorpusFields fields, boolean ipcFile)
      throws IOException {
    BufferAllocator allocator = new RootAllocator();
    ArrowReader reader = null;
    try {
      if (ipcFile) {
        SeekableByteChannel channel =
            file.uri().startsWith("file:")
                ? FileChannel.open(
                    java.nio.file.Path.of(URI.create(file.uri())), StandardOpenOption.READ)
                : new ByteArrayReadableSeekableByteChannel(in.readAllBytes());
        in.close();
        reader = new ArrowFileReader(channel, allocator);
      } else {
        reader = new ArrowStreamReader(in, allocator);
      }
      List<Field> columns = reader.getVectorSchemaRoot().getSchema().getFields();
      Field text =
          columns.stream().filter(f -> f.getName().equals(fields.text())).findFirst().orElse(null);
      String refusal = null;
      boolean configuration = false;
      if (text == null) {
        refusal = fields.missingText(file.name(), columns.stream().map(Field::getName).toList());
        configuration = true;
      } else if (!(text.getType() instanceof ArrowType.Utf8
          || text.getType() instanceof ArrowType.LargeUtf8
          || text.getType() instanceof ArrowType.Binary
          || text.getType() instanceof ArrowType.LargeBinary)) {
        refusal =
            "column '"
                + fields.text()
                + "' of "
                + file.name()
                + " is of Arrow type "
                + text.getType()
                + ", not a string: name the text column with --set corpus.text-field=NAME";
      }
      if (refusal != null) {
        reader.close();
        allocator.close();
        return new Refused(file, refusal, configuration);
      }
      return new ArrowRecords(file, allocator, reader, fields);
    } catch (IOException | RuntimeException e) {
      if (reader != null) {
        reader.close();
      } else {
        in.close();
      }
      allocator.close();
      throw e;
    }
  }

  @Override
  String unit() {
    return "row";
  }

  @Override
  CorpusRecord read() throws IOException {
    while (row == rowsInBatch) {
      if (!reader.loadNextBatch()) {
        return null;
      }
      root = reader.getVectorSchemaRoot();
      row = 0;
      rowsInBatch = root.getRowCount();
    }
    int i = row++;
    return columnarRow(fields, column -> value(column, i));
  }

  private String value(String column, int i) throws CharacterCodingException {
    FieldVector v = root.getVector(column);
    if (v == null || v.isNull(i)) {
      return null;
    }
    Object o = v.getObject(i);
    if (o instanceof byte[] bytes) {
      return utf8(bytes, 0, bytes.length);
    }
    return o.toString();
  }

  @Override
  void release() throws IOException {
    try {
      reader.close();
    } finally {
      allocator.close();
    }
  }
}
