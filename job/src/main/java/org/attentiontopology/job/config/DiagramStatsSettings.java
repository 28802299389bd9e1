package org.attentiontopology.job.config;

import java.io.Serializable;

/** The {@code diagram-stats} section: the filtration values of the Betti numbers. */
public record DiagramStatsSettings(double[] bettiThresholds) implements Serializable {
  static DiagramStatsSettings read(SettingReader in) {
    return new DiagramStatsSettings(in.numbers("diagram-stats.betti-thresholds"));
  }
}
