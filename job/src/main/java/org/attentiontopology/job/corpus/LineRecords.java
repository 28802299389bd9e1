package org.attentiontopology.job.corpus;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;

/**
 * Text (one document per line) and JSONL (one JSON object per line): lines split on LF or CRLF,
 * each decoded as strict UTF-8 on its own, so a bad line is an error row and the lines after it are
 * still read. A line holding a second JSON value after the first is an error, not a silently
 * dropped record.
 */
final class LineRecords extends FileRecords {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private final InputStream in;

  /** The field names for JSONL; null for plain text. */
  private final CorpusFields fields;

  private final byte[] buffer = new byte[1 << 16];
  private int start;
  private int end;
  private byte[] line = new byte[256];
  private int length;
  private boolean tooLong;
  private boolean finished;

  LineRecords(CorpusFile file, InputStream in, CorpusFields fields) {
    super(file);
    this.in = in;
    this.fields = fields;
  }

  @Override
  String unit() {
    return "line";
  }

  @Override
  CorpusRecord read() throws IOException {
    if (finished || !nextLine()) {
      return null;
    }
    position++;
    String locator = "line-" + position;
    String place = file.place("line", position);
    if (tooLong) {
      return CorpusRecord.failed(
          file,
          locator,
          place,
          place
              + " is longer than "
              + (MAX_RECORD_BYTES >> 20)
              + " MiB: split the document, or check that the file is really "
              + (fields == null ? "text" : "JSONL"));
    }
    int from =
        position == 1
                && length >= 3
                && (line[0] & 0xff) == 0xef
                && (line[1] & 0xff) == 0xbb
                && (line[2] & 0xff) == 0xbf
            ? 3
            : 0; // a byte order mark
    String text;
    try {
      text = utf8(line, from, length - from);
    } catch (CharacterCodingException e) {
      return CorpusRecord.failed(
          file, locator, place, place + " is not valid UTF-8: save the file as UTF-8");
    }
    return fields == null
        ? CorpusRecord.example(file, locator, place, null, text, null, null)
        : json(text, locator, place);
  }

  private CorpusRecord json(String text, String locator, String place) {
    if (text.isBlank()) {
      return CorpusRecord.failed(
          file,
          locator,
          place,
          "blank " + place + " in a JSONL corpus: remove it or put a " + "JSON object there");
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      if (position == 1 && text.strip().startsWith("[")) {
        finished = true;
        return CorpusRecord.failedFile(
            file,
            file.name()
                + " holds one JSON array, not JSON Lines: write one object "
                + "per line (for example jq -c '.[]' "
                + file.name()
                + ")");
      }
      String what =
          cause(e).startsWith("Trailing token")
              ? "more than one JSON value on " + place + ": put each object on its own line"
              : "malformed JSON on "
                  + place
                  + ": "
                  + cause(e)
                  + "; each line must be one JSON object";
      return CorpusRecord.failed(file, locator, place, what);
    }
    if (node == null || !node.isObject()) {
      return CorpusRecord.failed(file, locator, place, place + " is not a JSON object");
    }
    JsonNode value = node.get(fields.text());
    if (value == null || value.isNull()) {
      return CorpusRecord.failed(
          file,
          locator,
          place,
          "record on "
              + place
              + " has no '"
              + fields.text()
              + "' field: add it, or name the text field with --set corpus.text-field=NAME");
    }
    if (value.isContainerNode()) {
      return CorpusRecord.failed(
          file,
          locator,
          place,
          "field '"
              + fields.text()
              + "' on "
              + place
              + " is a JSON "
              + (value.isArray() ? "array" : "object")
              + ", not a string: give the text as a string");
    }
    return CorpusRecord.example(
        file,
        locator,
        place,
        scalar(node.get(fields.id())),
        value.asText(),
        scalar(node.get(fields.label())),
        scalar(node.get(fields.group())));
  }

  private static String scalar(JsonNode n) {
    return n == null || n.isNull() ? null : n.isContainerNode() ? n.toString() : n.asText();
  }

  /**
   * Reads the next line into {@code line} (without its LF or CRLF); false at the end of the file.
   */
  private boolean nextLine() throws IOException {
    length = 0;
    tooLong = false;
    boolean any = false;
    while (true) {
      if (start == end) {
        end = in.read(buffer);
        start = 0;
        if (end <= 0) {
          end = 0;
          return any;
        }
      }
      any = true;
      int nl = start;
      while (nl < end && buffer[nl] != '\n') {
        nl++;
      }
      append(start, nl);
      boolean found = nl < end;
      start = found ? nl + 1 : end;
      if (found) {
        if (length > 0 && line[length - 1] == '\r' && !tooLong) {
          length--;
        }
        return true;
      }
    }
  }

  private void append(int from, int to) {
    int n = to - from;
    if (tooLong || length + n > MAX_RECORD_BYTES) {
      tooLong = true;
      return;
    }
    if (length + n > line.length) {
      line = Arrays.copyOf(line, Math.max(length + n, 2 * line.length));
    }
    System.arraycopy(buffer, from, line, length, n);
    length += n;
  }

  @Override
  void release() throws IOException {
    in.close();
  }
}
