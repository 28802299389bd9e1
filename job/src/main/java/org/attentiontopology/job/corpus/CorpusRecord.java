package org.attentiontopology.job.corpus;

import java.io.Serializable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One line or record of a corpus file as read, before the corpus numbers it: what the file gave, or
 * why it could not be read ({@code error}). {@code placeholderId} names a record that failed before
 * an id could be read from it.
 */
record CorpusRecord(
    String givenId,
    String source,
    String placeholderId,
    String place,
    String text,
    String label,
    String group,
    String error)
    implements Serializable {

  static CorpusRecord example(
      CorpusFile file,
      String locator,
      String place,
      String givenId,
      String text,
      String label,
      String group) {
    String error =
        text.isBlank() ? "text is empty or blank: nothing to analyse (" + place + ")" : null;
    return new CorpusRecord(
        givenId, file.uri(), file.placeholderId(locator), place, text, label, group, error);
  }

  static CorpusRecord failed(CorpusFile file, String locator, String place, String error) {
    return new CorpusRecord(
        null, file.uri(), file.placeholderId(locator), place, null, null, null, error);
  }

  /** A file none of whose records could be read; its name is the id. */
  static CorpusRecord failedFile(CorpusFile file, String error) {
    return new CorpusRecord(null, file.uri(), file.name(), file.name(), null, null, null, error);
  }

  /**
   * The row of {@link CorpusSchema}, {@code ordinal} its place in the corpus: the given id, else a
   * hash of the text, else (nothing analysable was read) the placeholder; then the place, for
   * {@link UniqueIds}, which makes ids unique.
   */
  Row toRow(long ordinal) {
    boolean given = givenId != null && !givenId.isBlank();
    String id =
        given ? givenId : text != null && error == null ? ExampleIds.ofText(text) : placeholderId;
    return RowFactory.create(id, ordinal, source, text, label, group, given, error, 0, 1, place);
  }
}
