package org.attentiontopology.persistence;

/**
 * Told how a reduction advances, so that a command can say so while it runs: a matrix of a few
 * thousand points reduces for minutes, and a command that prints nothing until then cannot be told
 * from one that hangs. Nothing in the diagrams depends on it.
 */
@FunctionalInterface
public interface ReductionProgress {
  /** Tells nothing; a reduction given it does not call it at all. */
  ReductionProgress NONE = (dimension, reduced, columns) -> {};

  /**
   * {@code reduced} of the {@code columns} columns of dimension {@code dimension} are reduced.
   * Called from the reducing thread before each column and once when the dimension is done (the
   * reduction kept for comparison, {@code --threads}, only then), so it should return at once. The
   * columns' costs differ by orders of magnitude (the last few percent of a broad matrix's columns
   * can take half its time), so a listener that speaks now and then should go by a clock rather
   * than count the calls.
   */
  void reduced(int dimension, long reduced, long columns);
}
