package org.attentiontopology.job.corpus;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The records of one corpus file, read lazily by one task. Reading file by file, rather than
 * handing a folder to a Spark data source, is what lets one bad file become one row of {@code
 * errors} instead of a failed job, numbers records by file path and line (a data source orders
 * files by size and skips some without a word), and lets the format be decided per file from its
 * content: compression by its magic number whatever the name, Parquet and Arrow by theirs, and only
 * the text formats (plain text, JSONL, CSV) by name. A file that cannot be read at all gives one
 * record naming it and the fix; one that breaks midway keeps what came before and says where it
 * broke.
 */
abstract class FileRecords implements Iterator<CorpusRecord>, Closeable {
  /**
   * Longest line or record read into memory; a longer one is an error row, so one record cannot
   * exhaust a heap.
   */
  static final int MAX_RECORD_BYTES = 16 << 20;

  final CorpusFile file;
  private CorpusRecord next;
  private boolean done;

  /** Records (or lines) consumed so far, for the message when the file breaks. */
  long position;

  FileRecords(CorpusFile file) {
    this.file = file;
  }

  /** The next record, or null at the end of the file. */
  abstract CorpusRecord read() throws IOException;

  /** What {@link #position} counts: "line", "row" or "record". */
  abstract String unit();

  /** Closes what the reader holds (streams, allocators); called once. */
  abstract void release() throws IOException;

  private boolean released;

  /** Idempotent: called at the end of the file, and again by the task's completion listener. */
  @Override
  public final void close() throws IOException {
    if (!released) {
      released = true;
      release();
    }
  }

  /** Why the whole file is refused (nothing of it can be read), or null. */
  String refusal() {
    return null;
  }

  /**
   * Whether the refusal is the configuration's fault (a column name), so a run should stop rather
   * than go on.
   */
  boolean refusedByConfiguration() {
    return false;
  }

  @Override
  public final boolean hasNext() {
    if (next == null && !done) {
      try {
        next = read();
      } catch (IOException | RuntimeException e) {
        next =
            CorpusRecord.failed(
                file,
                "after-" + unit() + "-" + position,
                "after " + unit() + " " + position + " of " + file.name(),
                file.name()
                    + " cannot be read past "
                    + unit()
                    + " "
                    + position
                    + " ("
                    + cause(e)
                    + "): the records before it are kept; repair or remove the file");
        done = true;
      }
      if (next == null) {
        done = true;
      }
      if (done) {
        closeQuietly();
      }
    }
    return next != null;
  }

  @Override
  public final CorpusRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    CorpusRecord r = next;
    next = null;
    return r;
  }

  private void closeQuietly() {
    try {
      close();
    } catch (IOException e) {
      // Everything was read; a failing close loses nothing.
    }
  }

  static String cause(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  /**
   * Strict UTF-8: malformed bytes are an error the caller reports, never replacement characters.
   */
  static String utf8(byte[] bytes, int offset, int length) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .decode(ByteBuffer.wrap(bytes, offset, length))
        .toString();
  }

  /** A row of a columnar file (Parquet, Arrow): a column's value as a string, null if absent. */
  interface RowValues {
    String get(String column) throws CharacterCodingException;
  }

  /**
   * The record of the next row of a columnar file, {@link #position} counting it: an example, or an
   * error row when its text is NULL or a string column holds bytes that are not UTF-8.
   */
  CorpusRecord columnarRow(CorpusFields fields, RowValues row) {
    position++;
    String locator = "row-" + position;
    String place = file.place("row", position);
    try {
      String text = row.get(fields.text());
      if (text == null) {
        return CorpusRecord.failed(
            file, locator, place, place + " has no text (NULL in column '" + fields.text() + "')");
      }
      return CorpusRecord.example(
          file,
          locator,
          place,
          row.get(fields.id()),
          text,
          row.get(fields.label()),
          row.get(fields.group()));
    } catch (CharacterCodingException e) {
      return CorpusRecord.failed(
          file,
          locator,
          place,
          place
              + " holds bytes that are not valid UTF-8 in a string column: rewrite the file with"
              + " UTF-8 strings");
    }
  }

  /**
   * Opens a file and picks its reader; a file that cannot be opened or is no corpus gives one error
   * record.
   */
  static FileRecords open(Configuration conf, CorpusFile file, CorpusFields fields) {
    Content opened = null;
    try {
      opened = Content.open(conf, file);
      String format = format(file, fields.format(), opened.signature, opened.compression);
      switch (format) {
        case "text":
          return new LineRecords(file, opened.in, null);
        case "jsonl":
          return new LineRecords(file, opened.in, fields);
        case "csv":
          opened.in.close();
          return CsvRecords.of(
              file,
              () -> {
                try {
                  return Content.open(conf, file).in;
                } catch (Refusal e) {
                  throw new IOException(e.getMessage(), e); // the first opening accepted it
                }
              },
              fields);
        case "arrow":
          return ArrowRecords.of(
              file, opened.in, fields, opened.signature == FileSignature.ARROW_FILE);
        default:
          opened.in.close();
          return ParquetRecords.of(conf, file, fields);
      }
    } catch (Refusal e) {
      close(opened == null ? null : opened.in);
      return new Refused(file, e.getMessage(), false);
    } catch (IOException | RuntimeException e) {
      close(opened == null ? null : opened.in);
      return new Refused(
          file,
          file.name()
              + " cannot be read ("
              + cause(e)
              + "): check that it exists and is "
              + "readable, or remove it from the corpus",
          false);
    }
  }

  /**
   * A file's content, decompressed when its first bytes say it is compressed, and what those bytes
   * say.
   */
  static final class Content {
    final InputStream in;
    final FileSignature signature;
    final FileSignature compression;

    private Content(InputStream in, FileSignature signature, FileSignature compression) {
      this.in = in;
      this.signature = signature;
      this.compression = compression;
    }

    static Content open(Configuration conf, CorpusFile file) throws IOException, Refusal {
      Path path = new Path(URI.create(file.uri()));
      InputStream raw = new BufferedInputStream(path.getFileSystem(conf).open(path), 1 << 16);
      try {
        FileSignature signature = peek(raw);
        if (!signature.compressed()) {
          return new Content(raw, signature, null);
        }
        InputStream content = new BufferedInputStream(decompress(signature, raw, file), 1 << 16);
        return new Content(content, peek(content), signature);
      } catch (IOException | Refusal | RuntimeException e) {
        raw.close();
        throw e;
      }
    }
  }

  /**
   * The format to read a file in: content first (binary signatures), then the configured format or
   * the name.
   */
  static String format(
      CorpusFile file, String configured, FileSignature content, FileSignature compression)
      throws Refusal {
    String name =
        file.name().toLowerCase(Locale.ROOT).replaceFirst("\\.(gz|gzip|bz2|zst|zstd)$", "");
    String what =
        file.name()
            + " is "
            + (compression == null ? "" : compression.description + " ")
            + content.description;
    String found =
        switch (content) {
          case PARQUET -> "parquet";
          case ARROW_FILE, ARROW_STREAM -> "arrow";
          case TEXT -> null;
          default ->
              throw new Refusal(
                  what
                      + ", not a corpus file: "
                      + (content.image()
                          ? "an image corpus needs a vision model (--model NAME of kind vision); otherwise remove it"
                          : content == FileSignature.BINARY
                              ? "save text as UTF-8, or remove the file"
                              : content.compressed()
                                  ? "decompress it (gzip, bzip2 and zstd are read directly)"
                                  : "remove it from the corpus, or extract the documents into text, JSONL, CSV or Parquet files"));
        };
    if (found != null) {
      if (compression != null && (found.equals("parquet") || content == FileSignature.ARROW_FILE)) {
        throw new Refusal(what + ": decompress it first (these formats compress their own pages)");
      }
      if (!configured.equals("auto") && !configured.equals(found)) {
        throw new Refusal(
            what
                + " but corpus.format = "
                + configured
                + ": set corpus.format=auto (or "
                + found
                + ")");
      }
      return found;
    }
    if (!configured.equals("auto")) {
      if (configured.equals("parquet") || configured.equals("arrow")) {
        throw new Refusal(
            what
                + ", not "
                + configured
                + ": set corpus.format=auto, or give "
                + configured
                + " files");
      }
      return configured;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".json") || name.endsWith(".ndjson")) {
      return "jsonl";
    }
    if (name.endsWith(".csv")) {
      return "csv";
    }
    if (name.endsWith(".parquet") || name.endsWith(".arrow")) {
      throw new Refusal(
          file.name()
              + " is named like "
              + name.substring(name.lastIndexOf('.') + 1)
              + " but holds "
              + "text (no Parquet or Arrow signature): the file is damaged or misnamed; rewrite or rename it");
    }
    return "text";
  }

  private static FileSignature peek(InputStream in) throws IOException {
    byte[] head = new byte[FileSignature.HEAD_BYTES];
    in.mark(head.length + 1);
    int n = in.readNBytes(head, 0, head.length);
    in.reset();
    return FileSignature.of(head, n);
  }

  private static InputStream decompress(FileSignature compression, InputStream in, CorpusFile file)
      throws IOException, Refusal {
    return switch (compression) {
      case GZIP -> new GZIPInputStream(in, 1 << 16);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case ZSTD -> new com.github.luben.zstd.ZstdInputStream(in);
      default ->
          throw new Refusal(
              file.name()
                  + " is "
                  + compression.description
                  + ": decompress it first (gzip, "
                  + "bzip2 and zstd are read directly)");
    };
  }

  private static void close(Closeable c) {
    if (c != null) {
      try {
        c.close();
      } catch (IOException e) {
        // Nothing was read from it.
      }
    }
  }

  /**
   * A file that is no corpus file, or of a format the corpus settings rule out; the message says
   * what to do.
   */
  static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    Refusal(String message) {
      super(message, null, false, false);
    }
  }

  /** A file refused whole: one error record. */
  static final class Refused extends FileRecords {
    private final String message;
    private final boolean configuration;
    private boolean given;

    Refused(CorpusFile file, String message, boolean configuration) {
      super(file);
      this.message = message;
      this.configuration = configuration;
    }

    @Override
    CorpusRecord read() {
      if (given) {
        return null;
      }
      given = true;
      return CorpusRecord.failedFile(file, message);
    }

    @Override
    String unit() {
      return "record";
    }

    @Override
    String refusal() {
      return message;
    }

    @Override
    boolean refusedByConfiguration() {
      return configuration;
    }

    @Override
    void release() {}
  }
}
