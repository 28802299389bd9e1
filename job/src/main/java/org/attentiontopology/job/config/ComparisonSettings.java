package org.attentiontopology.job.config;

import java.io.Serializable;

/** The {@code comparisons} section: which pairs of examples get diagram distances. */
public record ComparisonSettings(
    Pairs pairs, String reference, String pairsFile, boolean wasserstein) implements Serializable {

  /** comparisons.pairs. */
  public enum Pairs implements Choice {
    CONSECUTIVE,
    GROUP,
    REFERENCE,
    FILE,
    NONE
  }

  static ComparisonSettings read(SettingReader in) {
    Pairs pairs = in.choice("comparisons.pairs", Pairs.class);
    String reference = in.text("comparisons.reference");
    String pairsFile = in.text("comparisons.pairs-file");
    if (pairs == Pairs.REFERENCE && reference.isBlank()) {
      throw in.wrong(
          "comparisons.reference",
          "is empty, and comparisons.pairs = reference needs it",
          "the id of the example every other is compared with");
    }
    if (pairs == Pairs.FILE && pairsFile.isBlank()) {
      throw in.wrong(
          "comparisons.pairs-file",
          "is empty, and comparisons.pairs = file needs it",
          "a CSV file of example_a,example_b pairs");
    }
    return new ComparisonSettings(pairs, reference, pairsFile, in.flag("comparisons.wasserstein"));
  }
}
