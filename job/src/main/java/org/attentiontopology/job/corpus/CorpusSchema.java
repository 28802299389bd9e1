package org.attentiontopology.job.corpus;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Columns of a corpus once read: one row per line or record, in corpus order (file path, then
 * line).
 */
public final class CorpusSchema {
  private CorpusSchema() {}

  public static final String EXAMPLE_ID = "example_id";

  /**
   * 0-based position of the record in the corpus: files in the order of their paths, then lines or
   * rows.
   */
  public static final String ORDINAL = "ordinal";

  public static final String SOURCE = "source";
  public static final String TEXT = "text";
  public static final String LABEL = "label";
  public static final String GROUP = "group";

  /** Why this row cannot be analysed (empty text, malformed record, duplicate id), or null. */
  public static final String CORPUS_ERROR = "corpus_error";

  /** Whether the id was given by the corpus (true) or derived from the text (false). */
  public static final String ID_GIVEN = "id_given";

  /**
   * 0-based index of this window of a text split by {@code inference.long-texts = window}; 0 for a
   * text analysed whole (every text the readers give, and every text that fits the model).
   */
  public static final String WINDOW = "window";

  /** How many windows the text was split into; 1 for a text analysed whole. */
  public static final String N_WINDOWS = "n_windows";

  public static final StructType SCHEMA =
      new StructType()
          .add(EXAMPLE_ID, DataTypes.StringType, true)
          .add(ORDINAL, DataTypes.LongType, false)
          .add(SOURCE, DataTypes.StringType, false)
          .add(TEXT, DataTypes.StringType, true)
          .add(LABEL, DataTypes.StringType, true)
          .add(GROUP, DataTypes.StringType, true)
          .add(ID_GIVEN, DataTypes.BooleanType, false)
          .add(CORPUS_ERROR, DataTypes.StringType, true)
          .add(WINDOW, DataTypes.IntegerType, false)
          .add(N_WINDOWS, DataTypes.IntegerType, false);
}
