package org.attentiontopology.job.corpus;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Example ids derived from content: the first 16 hex digits of the SHA-256 of the text. Identical
 * texts get the same hash; {@link UniqueIds} renames repeats (-2, -3, ... in corpus order), so ids
 * are stable across reruns and whatever the partitioning.
 */
public final class ExampleIds {
  private ExampleIds() {}

  public static String ofText(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
