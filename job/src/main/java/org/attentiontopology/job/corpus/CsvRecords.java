package org.attentiontopology.job.corpus;

import java.io.BufferedReader;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV with a header line (RFC 4180: fields quoted with {@code "}, a quote inside doubled), records
 * numbered by the line they start on. A quote that does not close where it should would make the
 * lines after it part of one field: commons-csv reports it (at the end of the file, or at the next
 * quote), and the reader then marks the line where that record began as an error and parses again
 * from the line after it, so every later record is still read (or reported).
 */
final class CsvRecords extends FileRecords {
  /** Reopens the file's content (decompressed) from its first byte. */
  interface Source {
    java.io.InputStream open() throws IOException;
  }

  /**
   * Malformed records parsed past before the file is given up (each one parses the file again from
   * its start).
   */
  private static final int MAX_RESTARTS = 1000;

  private final Source content;
  private int restarts;
  private final CorpusFields fields;
  private final List<String> header;
  private final int text;
  private final int id;
  private final int label;
  private final int group;
  private BoundedReader reader;
  private CSVParser parser;
  private Iterator<CSVRecord> records;

  /** Physical lines of the file before the current parser's first character. */
  private long lineOffset;

  private CsvRecords(
      CorpusFile file,
      Source content,
      CorpusFields fields,
      BoundedReader reader,
      CSVParser parser) {
    super(file);
    this.content = content;
    this.fields = fields;
    this.reader = reader;
    this.parser = parser;
    this.records = parser.iterator();
    this.header = parser.getHeaderNames();
    this.text = header.indexOf(fields.text());
    this.id = header.indexOf(fields.id());
    this.label = header.indexOf(fields.label());
    this.group = header.indexOf(fields.group());
  }

  /** The file's records, or a refusal when its header lacks the text column. */
  static FileRecords of(CorpusFile file, Source content, CorpusFields fields) throws IOException {
    BoundedReader reader = utf8(content.open());
    CSVParser parser =
        CSVParser.builder()
            .setReader(reader)
            .setFormat(format().setHeader().setSkipHeaderRecord(true).get())
            .get();
    if (!parser.getHeaderNames().contains(fields.text())) {
      parser.close();
      return new Refused(file, fields.missingText(file.name(), parser.getHeaderNames()), true);
    }
    return new CsvRecords(file, content, fields, reader, parser);
  }

  private static CSVFormat.Builder format() {
    // Blank lines kept as records so that line numbers stay exact; read() skips them.
    return CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false);
  }

  /**
   * Strict UTF-8, without the byte order mark some tools write first (it would become part of a
   * column name).
   */
  private static BoundedReader utf8(java.io.InputStream in) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()));
    reader.mark(1);
    if (reader.read() != '\ufeff') {
      reader.reset();
    }
    return new BoundedReader(reader);
  }

  /**
   * Counts the characters read since the last record ended and fails the record past {@link
   * #MAX_RECORD_BYTES} (characters, so at least that many bytes): an unclosed quote in a large file
   * would otherwise gather the rest of the file into one field in memory. The parser reads ahead,
   * so the count is that of whole buffers.
   */
  private static final class BoundedReader extends FilterReader {
    private long sinceRecord;

    BoundedReader(Reader in) {
      super(in);
    }

    void recordDone() {
      sinceRecord = 0;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      count(c < 0 ? 0 : 1);
      return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      count(Math.max(n, 0));
      return n;
    }

    private void count(int n) throws CSVException {
      sinceRecord += n;
      if (sinceRecord > MAX_RECORD_BYTES) {
        throw new CSVException("a record longer than %d MiB", MAX_RECORD_BYTES >> 20);
      }
    }
  }

  @Override
  String unit() {
    return "line";
  }

  @Override
  CorpusRecord read() throws IOException {
    while (true) {
      long startLine = lineOffset + parser.getCurrentLineNumber() + 1;
      CSVRecord r;
      try {
        if (!records.hasNext()) {
          return null;
        }
        r = records.next();
      } catch (UncheckedIOException e) {
        if (!(e.getCause() instanceof CSVException) || ++restarts > MAX_RESTARTS) {
          throw e.getCause();
        }
        restartAfter(startLine);
        position = startLine;
        String place = file.place("line", startLine);
        return CorpusRecord.failed(
            file,
            "line-" + startLine,
            place,
            place
                + " opens a quoted field that does not "
                + "close where it should ("
                + cause(e.getCause())
                + "), which would swallow the lines after it; they "
                + "are read on their own: close the quote, and double a quote inside a field (\"\")");
      }
      reader.recordDone();
      position = lineOffset + parser.getCurrentLineNumber();
      if (r.size() == 1 && r.get(0).isEmpty()) {
        continue; // a blank line
      }
      String locator = "line-" + startLine;
      String place = file.place("line", startLine);
      if (r.size() != header.size()) {
        return CorpusRecord.failed(
            file,
            locator,
            place,
            place
                + " has "
                + r.size()
                + " fields where the header has "
                + header.size()
                + ": check its quotes and commas");
      }
      String value = r.get(text);
      if (value.isEmpty()) {
        return CorpusRecord.failed(
            file, locator, place, place + " has no text (column '" + fields.text() + "' is empty)");
      }
      return CorpusRecord.example(
          file, locator, place, field(r, id), value, field(r, label), field(r, group));
    }
  }

  private static String field(CSVRecord r, int i) {
    return i < 0 || r.get(i).isEmpty() ? null : r.get(i);
  }

  /** A new parser from the line after {@code line}, with the header already read. */
  private void restartAfter(long line) throws IOException {
    parser.close();
    reader = utf8(content.open());
    long skipped = 0;
    while (skipped < line) {
      reader.recordDone(); // skipping lines is not parsing a record
      int c = reader.read();
      if (c < 0) {
        break;
      }
      if (c == '\n') {
        skipped++;
      }
    }
    lineOffset = line;
    parser =
        CSVParser.builder()
            .setReader(reader)
            .setFormat(
                format().setHeader(header.toArray(String[]::new)).setSkipHeaderRecord(false).get())
            .get();
    records = parser.iterator();
  }

  @Override
  void release() throws IOException {
    parser.close();
  }
}
