package org.attentiontopology.job.corpus;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * What a file's first bytes say it is. A name can lie (a folder of Parquet parts named {@code
 * part-0}, a gzipped JSONL file named {@code .jsonl}); the magic numbers of binary formats do not,
 * so the corpus reader trusts content first and the name only for the text formats, which have no
 * signature.
 */
enum FileSignature {
  PARQUET("a Parquet file"),
  ARROW_FILE("an Arrow IPC file"),
  ARROW_STREAM("an Arrow IPC stream"),
  GZIP("gzip-compressed"),
  BZIP2("bzip2-compressed"),
  ZSTD("zstd-compressed"),
  XZ("xz-compressed"),
  ZIP("a zip archive"),
  PNG("a PNG image"),
  JPEG("a JPEG image"),
  GIF("a GIF image"),
  PDF("a PDF document"),
  BINARY("binary data (it holds NUL bytes or is not UTF-8)"),
  TEXT("text");

  /** Bytes read to decide; also enough to see the first records of a text file. */
  static final int HEAD_BYTES = 8192;

  final String description;

  FileSignature(String description) {
    this.description = description;
  }

  boolean compressed() {
    return this == GZIP || this == BZIP2 || this == ZSTD || this == XZ;
  }

  boolean image() {
    return this == PNG || this == JPEG || this == GIF;
  }

  /** The signature of a file whose first {@code n} bytes are {@code head}. */
  static FileSignature of(byte[] head, int n) {
    if (starts(head, n, 'P', 'A', 'R', '1')) {
      return PARQUET;
    }
    if (starts(head, n, 'A', 'R', 'R', 'O', 'W', '1')) {
      return ARROW_FILE;
    }
    // An IPC stream opens with the continuation marker 0xFFFFFFFF and the schema message's length.
    if (starts(head, n, 0xff, 0xff, 0xff, 0xff) && n >= 8) {
      return ARROW_STREAM;
    }
    if (starts(head, n, 0x1f, 0x8b)) {
      return GZIP;
    }
    if (starts(head, n, 'B', 'Z', 'h')) {
      return BZIP2;
    }
    if (starts(head, n, 0x28, 0xb5, 0x2f, 0xfd)) {
      return ZSTD;
    }
    if (starts(head, n, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
      return XZ;
    }
    if (starts(head, n, 'P', 'K', 0x03, 0x04)) {
      return ZIP;
    }
    if (starts(head, n, 0x89, 'P', 'N', 'G')) {
      return PNG;
    }
    if (starts(head, n, 0xff, 0xd8, 0xff)) {
      return JPEG;
    }
    if (starts(head, n, 'G', 'I', 'F', '8')) {
      return GIF;
    }
    if (starts(head, n, '%', 'P', 'D', 'F')) {
      return PDF;
    }
    return looksLikeText(head, n) ? TEXT : BINARY;
  }

  /** No NUL byte and valid UTF-8, allowing a character cut at the end of the head. */
  private static boolean looksLikeText(byte[] head, int n) {
    for (int i = 0; i < n; i++) {
      if (head[i] == 0) {
        return false;
      }
    }
    int end = n;
    // Drop a multi-byte character that the head may have cut (at most 3 continuation bytes).
    if (n == HEAD_BYTES) {
      int back = n - 1;
      while (back > n - 4 && back > 0 && (head[back] & 0xc0) == 0x80) {
        back--;
      }
      if ((head[back] & 0x80) != 0) {
        end = back;
      }
    }
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(head, 0, end));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static boolean starts(byte[] head, int n, int... magic) {
    if (n < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[i] & 0xff) != magic[i]) {
        return false;
      }
    }
    return true;
  }
}
