package org.attentiontopology.job.config;

import java.io.Serializable;

/** The {@code corpus} section: how records are read and which fields hold what. */
public record CorpusSettings(
    Format format, String idField, String textField, String labelField, String groupField)
    implements Serializable {

  /** corpus.format: auto tells each file's format by its first bytes or its name. */
  public enum Format implements Choice {
    AUTO,
    TEXT,
    JSONL,
    CSV,
    PARQUET,
    ARROW
  }

  static CorpusSettings read(SettingReader in) {
    return new CorpusSettings(
        in.choice("corpus.format", Format.class),
        in.text("corpus.id-field"),
        in.text("corpus.text-field"),
        in.text("corpus.label-field"),
        in.text("corpus.group-field"));
  }
}
