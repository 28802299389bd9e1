package org.attentiontopology.job.corpus;

import java.io.Serializable;

/**
 * One file of a corpus: its URI, the name messages and ids use (the path relative to the corpus
 * folder, or the file name when the corpus is this one file) and whether it is the whole corpus.
 * Files are read in the order of their names, so records are numbered by file path, then by line,
 * whatever their sizes or the file system's listing.
 */
record CorpusFile(String uri, String name, boolean alone) implements Serializable {

  /**
   * The id of a record that has none of its own (it failed before one could be read): {@code
   * line-3}, ...
   */
  String placeholderId(String locator) {
    return alone ? locator : name + ":" + locator;
  }

  /** "line 3 of corpus.jsonl" */
  String place(String unit, long number) {
    return unit + " " + number + " of " + name;
  }
}
