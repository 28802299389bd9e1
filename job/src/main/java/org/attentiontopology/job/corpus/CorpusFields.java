package org.attentiontopology.job.corpus;

import java.io.Serializable;
import org.attentiontopology.job.config.RunConfig;

/**
 * What the readers need of the configuration: the format ({@code auto} or forced) and the field
 * names.
 */
record CorpusFields(String format, String id, String text, String label, String group)
    implements Serializable {

  static CorpusFields of(RunConfig config) {
    return new CorpusFields(
        config.corpus.format().value(),
        config.corpus.idField(),
        config.corpus.textField(),
        config.corpus.labelField(),
        config.corpus.groupField());
  }

  String missingText(String fileName, Object columns) {
    return fileName
        + " has no column '"
        + text
        + "' (its columns are "
        + columns
        + "): name the text column with "
        + "--set corpus.text-field=NAME";
  }
}
