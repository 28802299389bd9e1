package org.attentiontopology.job.report;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Text gzipped and base64-encoded for a {@code <script type="application/gzip;base64">} element of
 * the page, which report.js inflates with the browser's DecompressionStream. It is how the page
 * stays a few megabytes (plotly.js and the data JSON compress three- to sixfold) while remaining
 * one file; base64 has no character that the HTML parser reads, so the element cannot be closed
 * from inside.
 */
public final class GzipBase64 {
  private GzipBase64() {}

  public static String encode(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, text.length() / 4));
    try (GZIPOutputStream gz =
        new GZIPOutputStream(bytes, 1 << 16) {
          {
            def.setLevel(Deflater.BEST_COMPRESSION);
          }
        }) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress the report's text", e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** The inverse of {@link #encode}, for tests and tools that read a written page. */
  public static String decode(String base64) {
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("not gzipped base64 text: " + e.getMessage(), e);
    }
  }
}
