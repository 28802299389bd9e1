package org.attentiontopology.job.corpus;

/** A file of a corpus folder left out by rule (never silently): its path and the rule. */
public record SkippedFile(String path, String reason) {

  /** The console lines for a listing's skipped files: a count, then up to {@code limit} of them. */
  public static String describe(java.util.List<SkippedFile> skipped, int limit) {
    StringBuilder s =
        new StringBuilder(
            "corpus: "
                + skipped.size()
                + " file(s) skipped by rule (counted in the run "
                + "table's n_skipped_files):");
    for (int i = 0; i < Math.min(limit, skipped.size()); i++) {
      s.append("\n  ").append(skipped.get(i).path()).append(": ").append(skipped.get(i).reason());
    }
    if (skipped.size() > limit) {
      s.append("\n  ... and ").append(skipped.size() - limit).append(" more");
    }
    return s.toString();
  }
}
