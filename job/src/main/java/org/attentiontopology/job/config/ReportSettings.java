package org.attentiontopology.job.config;

import java.io.Serializable;

/** The {@code report} section: how many examples keep their token distance matrices. */
public record ReportSettings(int examples) implements Serializable {
  static ReportSettings read(SettingReader in) {
    return new ReportSettings(in.whole("report.examples", 0, Integer.MAX_VALUE));
  }
}
