package org.attentiontopology.tokens;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file formats a head-importance matrix comes in (text rows, JSON, NumPy's .npy), apart from
 * the matrix's own checks in {@link HeadImportance}: reading is about bytes and syntax, and every
 * message names the file and how to write it instead. The .npy reader is ours because the format is
 * a short header plus raw little-endian values, and the JVM libraries that read it bring an array
 * engine with them.
 */
final class HeadImportanceFile {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private HeadImportanceFile() {}

  /**
   * The matrix a head-importance file holds, by the extension of its path {@code source}; validated
   * by the caller.
   */
  static double[][] read(String source, byte[] content) {
    String name = source.substring(source.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    if (name.endsWith(".npy")) {
      return parseNpy(content, source);
    }
    if (name.endsWith(".json")) {
      return parseJson(new String(content, StandardCharsets.UTF_8), source);
    }
    if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
      return parseText(new String(content, StandardCharsets.UTF_8), source);
    }
    throw new IllegalArgumentException(
        "head importance file "
            + source
            + ": unknown format; name it .csv, .tsv or"
            + " .txt (rows = layers, values separated by commas or spaces), .json (array of arrays) or .npy"
            + " (numpy.save of a layers x heads array)");
  }

  /** Parses the text format: rows = layers, values separated by commas and/or whitespace. */
  static double[][] parseText(String text, String source) {
    List<double[]> rows = new ArrayList<>();
    String[] lines = text.split("\r?\n|\r", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\\s*,\\s*|\\s+", -1);
      double[] row = new double[fields.length];
      for (int k = 0; k < fields.length; k++) {
        String f = fields[k];
        if (f.isEmpty()) {
          throw new IllegalArgumentException(
              "head importance file "
                  + source
                  + ": line "
                  + (n + 1)
                  + " has an empty field "
                  + (k + 1)
                  + "; separate values by single commas or spaces");
        }
        try {
          row[k] = Double.parseDouble(f);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "head importance file "
                  + source
                  + ": line "
                  + (n + 1)
                  + ", field "
                  + (k + 1)
                  + " is '"
                  + f
                  + "', not a number; the file holds numbers only (one row per layer), so"
                  + " remove a header or comment it out with #");
        }
      }
      rows.add(row);
    }
    return rows.toArray(new double[0][]);
  }

  /** Parses the JSON format: an array of arrays of numbers. */
  static double[][] parseJson(String text, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "head importance file "
              + source
              + ": not valid JSON ("
              + e.getOriginalMessage()
              + "); write an array of arrays such as [[0.1, 0.2], [0.3, 0.4]]",
          e);
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException(
          "head importance file "
              + source
              + ": the JSON is not an array; write an"
              + " array of arrays, one per layer, such as [[0.1, 0.2], [0.3, 0.4]]");
    }
    double[][] out = new double[root.size()][];
    for (int l = 0; l < root.size(); l++) {
      JsonNode row = root.get(l);
      if (!row.isArray()) {
        throw new IllegalArgumentException(
            "head importance file "
                + source
                + ": element "
                + l
                + " is not an"
                + " array; write one array of numbers per layer");
      }
      out[l] = new double[row.size()];
      for (int h = 0; h < row.size(); h++) {
        JsonNode x = row.get(h);
        if (!x.isNumber()) {
          throw new IllegalArgumentException(
              "head importance file "
                  + source
                  + ": layer "
                  + l
                  + ", head "
                  + h
                  + " is "
                  + x
                  + ", not a number; write plain numbers");
        }
        out[l][h] = x.doubleValue();
      }
    }
    return out;
  }

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /**
   * Parses a NumPy .npy file (format 1.0, 2.0 or 3.0) holding a 2-D little-endian f8/f4/i8/i4
   * array.
   */
  static double[][] parseNpy(byte[] bytes, String source) {
    String what = "head importance file " + source;
    for (int i = 0; i < NPY_MAGIC.length; i++) {
      if (bytes.length <= i || bytes[i] != NPY_MAGIC[i]) {
        throw new IllegalArgumentException(
            what + ": not a NumPy .npy file (bad magic); write it with numpy.save");
      }
    }
    if (bytes.length < 10) {
      throw new IllegalArgumentException(
          what + ": truncated .npy header; write it again with numpy.save");
    }
    int major = bytes[6] & 0xff;
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = buf.getShort(8) & 0xffff;
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new IllegalArgumentException(
            what + ": truncated .npy header; write it again with numpy.save");
      }
      headerLength = buf.getInt(8) & 0xffffffffL;
      headerStart = 12;
    } else {
      throw new IllegalArgumentException(
          what
              + ": .npy format version "
              + major
              + "."
              + (bytes[7] & 0xff)
              + " is not supported (1.0, 2.0 and 3.0 are); write it with numpy.save");
    }
    if (headerStart + headerLength > bytes.length) {
      throw new IllegalArgumentException(
          what + ": truncated .npy header; write it again with numpy.save");
    }
    String header =
        new String(
            bytes,
            headerStart,
            (int) headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(header);
    Matcher fortran = FORTRAN.matcher(header);
    Matcher shape = SHAPE.matcher(header);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new IllegalArgumentException(
          what
              + ": .npy header lacks descr, fortran_order or shape: "
              + header.strip()
              + "; write it with numpy.save");
    }
    if (fortran.group(1).equals("True")) {
      throw new IllegalArgumentException(
          what
              + ": the array is stored in Fortran order, which is not supported;"
              + " save a C-ordered copy: numpy.save(path, numpy.ascontiguousarray(x))");
    }
    String type = descr.group(1);
    int itemSize;
    switch (type) {
      case "<f8":
      case "<i8":
        itemSize = 8;
        break;
      case "<f4":
      case "<i4":
        itemSize = 4;
        break;
      default:
        throw new IllegalArgumentException(
            what
                + ": dtype '"
                + type
                + "' is not supported; save little-endian"
                + " float64, float32, int64 or int32: numpy.save(path, x.astype('<f8'))");
    }
    String[] dims = shape.group(1).split(",");
    List<Long> shapeValues = new ArrayList<>();
    for (String d : dims) {
      if (!d.isBlank()) {
        try {
          shapeValues.add(Long.parseLong(d.strip()));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              what + ": bad shape (" + shape.group(1) + ") in .npy header", e);
        }
      }
    }
    if (shapeValues.size() != 2) {
      throw new IllegalArgumentException(
          what
              + ": array has shape ("
              + shape.group(1).strip()
              + "), "
              + shapeValues.size()
              + "-D; head importance must be 2-D, layers x heads: numpy.save(path,"
              + " x.reshape(layers, heads))");
    }
    long rows = shapeValues.get(0);
    long cols = shapeValues.get(1);
    long dataStart = headerStart + headerLength;
    if (rows * cols > Integer.MAX_VALUE || dataStart + rows * cols * itemSize > bytes.length) {
      throw new IllegalArgumentException(
          what
              + ": the file holds "
              + (bytes.length - dataStart)
              + " bytes of data but"
              + " shape ("
              + rows
              + ", "
              + cols
              + ") of "
              + type
              + " needs "
              + rows * cols * itemSize
              + "; the file is truncated, write it again with numpy.save");
    }
    double[][] out = new double[(int) rows][(int) cols];
    int p = (int) dataStart;
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        switch (type) {
          case "<f8":
            out[r][c] = buf.getDouble(p);
            break;
          case "<f4":
            out[r][c] = buf.getFloat(p);
            break;
          case "<i8":
            out[r][c] = buf.getLong(p);
            break;
          default:
            out[r][c] = buf.getInt(p);
            break;
        }
        p += itemSize;
      }
    }
    return out;
  }
}
