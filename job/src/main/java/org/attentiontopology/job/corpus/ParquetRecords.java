package org.attentiontopology.job.corpus;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.convert.GroupRecordConverter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/**
 * One Parquet file, its own schema checked before any row is read: the text column must hold byte
 * strings (BINARY, with or without the UTF8/STRING annotation; both are decoded as strict UTF-8, so
 * a value that is not UTF-8 is an error row rather than {@code [B@...}); the id, label and group
 * columns may be any flat column. A file whose columns do not fit is one error row naming the
 * column, and the corpus's other files are read.
 */
final class ParquetRecords extends FileRecords {
  private final ParquetFileReader reader;
  private final MessageType projection;
  private final CorpusFields fields;
  private RecordReader<Group> rows;
  private long rowsLeft;

  private ParquetRecords(
      CorpusFile file, ParquetFileReader reader, MessageType projection, CorpusFields fields) {
    super(file);
    this.reader = reader;
    this.projection = projection;
    this.fields = fields;
  }

  static FileRecords of(Configuration conf, CorpusFile file, CorpusFields fields)
      throws IOException {
    ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(new Path(URI.create(file.uri())), conf));
    try {
      MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      if (!schema.containsField(fields.text())) {
        List<String> names = schema.getFields().stream().map(Type::getName).toList();
        reader.close();
        return new Refused(file, fields.missingText(file.name(), names), true);
      }
      Type text = schema.getType(fields.text());
      if (!flat(text)
          || text.asPrimitiveType().getPrimitiveTypeName() != PrimitiveTypeName.BINARY) {
        reader.close();
        return new Refused(
            file,
            "column '"
                + fields.text()
                + "' of "
                + file.name()
                + " is "
                + text.toString().strip()
                + ", not a string: a text column must hold strings (Parquet BINARY, UTF-8); rewrite the file with "
                + "string texts, or name another column with --set corpus.text-field=NAME",
            false);
      }
      List<Type> kept = new ArrayList<>();
      for (String name :
          new String[] {fields.id(), fields.text(), fields.label(), fields.group()}) {
        if (schema.containsField(name)) {
          Type t = schema.getType(name);
          if (!flat(t)) {
            reader.close();
            return new Refused(
                file,
                "column '"
                    + name
                    + "' of "
                    + file.name()
                    + " is "
                    + t.toString().strip()
                    + ": id, label and group columns must be flat values (strings or numbers)",
                false);
          }
          if (!kept.contains(t)) {
            kept.add(t);
          }
        }
      }
      MessageType projection = new MessageType(schema.getName(), kept);
      reader.setRequestedSchema(projection);
      return new ParquetRecords(file, reader, projection, fields);
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  private static boolean flat(Type t) {
    return t.isPrimitive() && !t.isRepetition(Type.Repetition.REPEATED);
  }

  @Override
  String unit() {
    return "row";
  }

  @Override
  CorpusRecord read() throws IOException {
    while (rowsLeft == 0) {
      PageReadStore pages = reader.readNextRowGroup();
      if (pages == null) {
        return null;
      }
      rowsLeft = pages.getRowCount();
      rows =
          new ColumnIOFactory()
              .getColumnIO(projection)
              .getRecordReader(pages, new GroupRecordConverter(projection));
    }
    Group g = rows.read();
    rowsLeft--;
    return columnarRow(fields, column -> value(g, column));
  }

  private String value(Group g, String name) throws CharacterCodingException {
    if (!projection.containsField(name) || g.getFieldRepetitionCount(name) == 0) {
      return null;
    }
    int i = projection.getFieldIndex(name);
    if (projection.getType(i).asPrimitiveType().getPrimitiveTypeName()
        == PrimitiveTypeName.BINARY) {
      byte[] bytes = g.getBinary(i, 0).getBytes();
      return utf8(bytes, 0, bytes.length);
    }
    return g.getValueToString(i, 0);
  }

  @Override
  void release() throws IOException {
    reader.close();
  }
}
