package org.attentiontopology.job.corpus;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Makes example ids unique in the corpus, and so in every table, by one rule: an id belongs to the
 * first record that claims it, given ids before derived ones (a hash of the text, or the
 * placeholder of a record that failed), then in corpus order. A record that loses its id gets a new
 * one and claims again, until no two records share one:
 *
 * <ul>
 *   <li>a given id repeated by a later record is an error (the corpus promised unique ids) naming
 *       both records; the later record becomes {@code <id>#dup-<k>};
 *   <li>a derived id already taken becomes {@code <id>-<k>}, k = 2, 3, ... its rank among the
 *       claimants;
 *   <li>when long texts are split into windows, {@code <id>#w<k>} is reserved for the windows of
 *       the record {@code <id>}: a record whose id has that form is an error, renamed {@code
 *       <id>#w<k>-2}.
 * </ul>
 *
 * Renamed ids can collide again (a given {@code a-2} beside two texts hashing to {@code a}), hence
 * the rounds; a corpus without collisions costs one check and is left as read.
 */
final class UniqueIds {
  private UniqueIds() {}

  /** Column of the rows to resolve: where the record is, for messages ("line 3 of a.jsonl"). */
  static final String PLACE = "place";

  private static final int MAX_ROUNDS = 32;
  private static final String WINDOW_ID = "^(.*)#w[0-9]+$";

  /**
   * @param rows rows of {@link CorpusSchema} plus {@link #PLACE}
   * @param windows whether {@code inference.long-texts = window} will give {@code <id>#w<k>} to
   *     windows
   * @return rows of {@link CorpusSchema}, ids unique
   */
  static Dataset<Row> resolve(Dataset<Row> rows, boolean windows) {
    Dataset<Row> d = rows;
    for (int round = 0; round <= MAX_ROUNDS; round++) {
      if (clashes(d, windows) == 0) {
        String[] names = CorpusSchema.SCHEMA.fieldNames();
        return d.select(names[0], java.util.Arrays.copyOfRange(names, 1, names.length));
      }
      d = round(d, windows);
    }
    throw new IllegalStateException(
        "example ids still collide after "
            + MAX_ROUNDS
            + " rounds of renaming: give "
            + "every record a unique id with corpus.id-field");
  }

  private static Dataset<Row> round(Dataset<Row> d, boolean windows) {
    Column id = col(CorpusSchema.EXAMPLE_ID);
    Column given = col(CorpusSchema.ID_GIVEN);
    Column error = col(CorpusSchema.CORPUS_ERROR);
    WindowSpec claimants =
        Window.partitionBy(id).orderBy(when(given, 0).otherwise(1), col(CorpusSchema.ORDINAL));
    d =
        d.withColumn("rank", row_number().over(claimants))
            .withColumn("holder", first(col(PLACE)).over(claimants));
    Column loses = col("rank").gt(1);
    Column reserved = lit(false);
    if (windows) {
      Dataset<Row> ids = d.select(id.as("prefix")).distinct();
      d =
          d.withColumn("prefix", regexp_extract(id, WINDOW_ID, 1))
              .join(ids.withColumn("reserved", lit(true)), "prefix", "left")
              .drop("prefix");
      reserved = col("reserved").isNotNull().and(col("rank").equalTo(1));
    }
    d =
        d.withColumn(
                CorpusSchema.CORPUS_ERROR,
                when(
                        error.isNull().and(loses).and(given),
                        concat(
                            lit("duplicate example id '"),
                            id,
                            lit("': "),
                            col(PLACE),
                            lit(" repeats the id given on "),
                            col("holder"),
                            lit("; ids in a corpus must be unique")))
                    .when(
                        error.isNull().and(reserved),
                        concat(
                            lit("example id '"),
                            id,
                            lit("' on "),
                            col(PLACE),
                            lit(" is reserved for a window of example '"),
                            regexp_extract(id, WINDOW_ID, 1),
                            lit("' (inference.long-texts = window): rename it")))
                    .otherwise(error))
            .withColumn(
                CorpusSchema.EXAMPLE_ID,
                when(loses.and(given), concat(id, lit("#dup-"), col("rank").cast("string")))
                    .when(loses, concat(id, lit("-"), col("rank").cast("string")))
                    .when(reserved, concat(id, lit("-2")))
                    .otherwise(id))
            .withColumn(CorpusSchema.ID_GIVEN, given.and(loses.or(reserved).unary_$bang()))
            .drop("rank", "holder");
    return windows ? d.drop("reserved") : d;
  }

  /** How many ids are still shared, or reserved for another record's windows. */
  private static long clashes(Dataset<Row> d, boolean windows) {
    long shared = d.groupBy(CorpusSchema.EXAMPLE_ID).count().where("count > 1").limit(1).count();
    if (shared > 0 || !windows) {
      return shared;
    }
    Dataset<Row> ids = d.select(col(CorpusSchema.EXAMPLE_ID).as("prefix")).distinct();
    return d.withColumn("prefix", regexp_extract(col(CorpusSchema.EXAMPLE_ID), WINDOW_ID, 1))
        .join(ids, "prefix", "left_semi")
        .limit(1)
        .count();
  }
}
