package org.attentiontopology.job.config;

import java.io.Serializable;

/** The {@code token-analysis} section: top_attended, word pooling, head weights, edges. */
public record TokenAnalysisSettings(
    int topK, boolean wordLevel, String headImportance, double edgesThreshold)
    implements Serializable {

  static TokenAnalysisSettings read(SettingReader in) {
    return new TokenAnalysisSettings(
        in.whole("token-analysis.top-k", 0, Integer.MAX_VALUE),
        in.flag("token-analysis.word-level"),
        in.text("token-analysis.head-importance"),
        // Attention weights are probabilities.
        in.number("token-analysis.edges-threshold", 0, 1));
  }
}
