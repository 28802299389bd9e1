package org.attentiontopology.job.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * "Did you mean ...?" for a misspelt setting, value or option: the known words closest to what was
 * typed, by edit distance. A dotted key is also compared by its last part, so {@code max-dimension}
 * finds {@code persistence.max-dimension}, and a word that begins the other ("infinity" and "inf")
 * is near. Only near words are offered (at most a third of the word edited), so a suggestion is
 * never a wild guess.
 */
public final class Suggestions {
  private static final LevenshteinDistance EDITS = LevenshteinDistance.getDefaultInstance();

  private Suggestions() {}

  /**
   * The closest known words (the nearest ones only, at most three), or none when nothing is near.
   */
  public static List<String> closest(String typed, Collection<String> known) {
    String t = typed.trim().toLowerCase(Locale.ROOT);
    int limit = t.length() <= 3 ? 1 : Math.max(2, t.length() / 3);
    int best = Integer.MAX_VALUE;
    List<String> out = new ArrayList<>();
    for (String word : known) {
      String w = word.toLowerCase(Locale.ROOT);
      int d =
          Math.min(
              EDITS.apply(t, w), EDITS.apply(lastPart(t), lastPart(w)) + (t.contains(".") ? 1 : 0));
      if (Math.min(t.length(), w.length()) >= 3 && (t.startsWith(w) || w.startsWith(t))) {
        d = Math.min(d, limit); // "infinity" for "inf", "consec" for "consecutive"
      }
      if (d > limit || d > best) {
        continue;
      }
      if (d < best) {
        best = d;
        out.clear();
      }
      if (out.size() < 3) {
        out.add(word);
      }
    }
    return out;
  }

  /** "; did you mean X?" (or "X or Y"), or "" when nothing is near. */
  public static String didYouMean(String typed, Collection<String> known) {
    List<String> near = closest(typed, known);
    return near.isEmpty() ? "" : "; did you mean " + String.join(" or ", near) + "?";
  }

  private static String lastPart(String key) {
    return key.substring(key.lastIndexOf('.') + 1);
  }
}
