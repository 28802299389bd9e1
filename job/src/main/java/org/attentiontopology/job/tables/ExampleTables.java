package org.attentiontopology.job.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.attentiontopology.job.tables.KeyColumns.HEAD;
import static org.attentiontopology.job.tables.KeyColumns.LAYER;
import static org.attentiontopology.job.tables.TableColumn.arrayOf;
import static org.attentiontopology.job.tables.TableColumn.column;
import static org.attentiontopology.job.tables.TableColumn.nullable;

import java.util.ArrayList;
import java.util.List;
import org.attentiontopology.job.stages.AnalyzedExample;
import org.attentiontopology.job.stages.DiagramStats;
import org.attentiontopology.job.tables.OutputTable.Stage;

/**
 * The tables with a row per example, or per example and head: projections of the analysed examples,
 * and the diagrams' summaries.
 */
public final class ExampleTables {
  private ExampleTables() {}

  static final TableColumn EXAMPLE_ID =
      column("example_id", StringType, "the example, as in `examples`");

  public static final OutputTable EXAMPLES =
      OutputTable.named("examples")
          .doc("One row per analysed example.")
          .stage(Stage.EXAMPLE_TABLES)
          .key("example_id")
          .sortedBy("ordinal", "window")
          .columns(
              column(
                  "example_id",
                  StringType,
                  "given by the corpus, or the first 16 hex digits of SHA-256 of the text; unique in"
                      + " every table (see \"Example ids\" below); a window of a split text: the"
                      + " text's id + `#w<k>`"),
              column(
                  "ordinal",
                  LongType,
                  "0-based record number in the corpus: files in the order of their paths, then"
                      + " lines or rows (shared by the windows of a text)"),
              column(
                  "window",
                  IntegerType,
                  "0-based window of the text (`inference.long-texts = window`); 0 for every text"
                      + " analysed whole, never NULL"),
              column(
                  "n_windows",
                  IntegerType,
                  "windows the text was split into; 1 for a text analysed whole"),
              column("source", StringType, "file the example came from"),
              nullable("label", StringType, "optional corpus field (NULL when absent)"),
              nullable("group", StringType, "optional corpus field (NULL when absent)"),
              nullable(
                  "text",
                  StringType,
                  "the text as read; for a window, the substring of the text covering the"
                      + " window's pieces"),
              nullable("n_tokens", IntegerType, "tokens after truncation, special tokens included"),
              nullable(
                  "n_points",
                  IntegerType,
                  "tokens used as points (= n_tokens unless special tokens are excluded)"),
              nullable("untruncated_tokens", IntegerType, "tokens before truncation"),
              nullable(
                  "truncated",
                  BooleanType,
                  "the text was longer than the model's maximum and was cut (never for a window)"),
              nullable("tokens", arrayOf(StringType), "the model's tokens (word pieces), in order"),
              nullable("kept_positions", arrayOf(IntegerType), "positions used as points"))
          .rows(TableInputs::succeeded)
          .build();

  public static final OutputTable ERRORS =
      OutputTable.named("errors")
          .doc(
              "One row per example that could not be analysed. One bad example never stops the run.")
          .stage(Stage.EXAMPLE_TABLES)
          .key("example_id")
          .sortedBy("ordinal", "window")
          .columns(
              column(
                  "example_id",
                  StringType,
                  "id; for a record that failed before an id could be read, `line-N` or `row-N`"
                      + " (in a folder corpus `<file>:line-N`), for a file refused whole its path in"
                      + " the corpus"),
              column("ordinal", LongType, "0-based record number, as in `examples`"),
              column(
                  "window",
                  IntegerType,
                  "as in `examples`: the window that failed, 0 for a text analysed whole"),
              column("source", StringType, "file"),
              nullable(
                  "stage",
                  StringType,
                  "`corpus` (empty text, malformed record, duplicate id, a file that is no corpus"
                      + " or breaks midway), `inference`, or `analysis`"),
              nullable("error_class", StringType, "exception class or `InvalidExample`"),
              nullable("message", StringType, "what is wrong and what to do"))
          .rows(
              in ->
                  in.analyzed()
                      .where("error_stage IS NOT NULL")
                      .select(
                          col("example_id"),
                          col("ordinal"),
                          col("window"),
                          col("source"),
                          col("error_stage").as("stage"),
                          col("error_class"),
                          col("error_message").as("message")))
          .build();

  public static final OutputTable TOKEN_DIAGRAMS =
      OutputTable.named("token_diagrams")
          .doc(
              "Persistence diagrams of the tokens' attention-row cloud: one row per (example,"
                  + " layer, head, dimension).")
          .stage(Stage.EXAMPLE_TABLES)
          .key("example_id", "layer", "head", "dim")
          .columns(
              EXAMPLE_ID,
              LAYER,
              HEAD,
              column("dim", IntegerType, "homology dimension"),
              column("n_bars", IntegerType, "number of bars"),
              column("n_essential", IntegerType, "bars with infinite death"),
              column(
                  "bars",
                  arrayOf(AnalyzedExample.BAR),
                  "bars in canonical order (by birth, then death); death NULL = essential"))
          .rows(
              in ->
                  in.diagrams()
                      .selectExpr(
                          "example_id",
                          "layer",
                          "head",
                          "dim",
                          "size(bars) AS n_bars",
                          "size(filter(bars, b -> b.death IS NULL)) AS n_essential",
                          "bars"))
          .build();

  public static final OutputTable DIAGRAM_STATS =
      OutputTable.named("diagram_stats")
          .doc(
              "Summary numbers of every token diagram: one row per (example, layer, head, dim)."
                  + " Lengths are death - birth of the finite bars; essential bars count in"
                  + " `n_bars` and in Betti numbers only.")
          .stage(Stage.EXAMPLE_TABLES)
          .key("example_id", "layer", "head", "dim")
          .columns(withExampleId(DiagramStats.COLUMNS))
          .rows(in -> in.succeeded().selectExpr("example_id", "inline(diagram_stats)"))
          .build();

  public static final OutputTable BARCODE_FEATURES =
      OutputTable.named("barcode_features")
          .doc(
              "Kushnareva et al. 2021's 14 barcode features per (example, layer, head), from its H0"
                  + " and H1 diagrams (written when `persistence.max-dimension >= 1`), named as in"
                  + " the authors' code with `.` replaced by `_`. Their conventions: infinite bars"
                  + " removed first; `s` sum of lengths, `e` persistence entropy (nats), `t_b`/`t_d`"
                  + " birth/death of the longest bar, `n_b_m_tX` bars born at or after X (`>=`),"
                  + " `n_b_l_tX` born at or before X (`<=`), likewise `n_d_*` for deaths, `v` the"
                  + " standard deviation of lengths, `nb` the number of bars. (Their attention"
                  + " graphs use 1 - attention as the distance; ours use the JS distance between"
                  + " rows, so thresholds mean different things: read them as distances in [0,"
                  + " 1].)")
          .stage(Stage.EXAMPLE_TABLES)
          .key("example_id", "layer", "head")
          .writtenWhen(c -> c.persistence.maxDimension() >= 1)
          .columns(withExampleId(DiagramStats.BARCODE_COLUMNS))
          .rows(in -> in.succeeded().selectExpr("example_id", "inline(barcode_features)"))
          .build();

  public static final OutputTable TOKEN_DISTANCES =
      OutputTable.named("token_distances")
          .doc(
              "The token distance matrices of the first `report.examples` examples (default 12, by"
                  + " corpus order), for the report's Rips-complex pictures and for checking the"
                  + " diagrams by hand. One row per (example, layer, head).")
          .stage(Stage.EXAMPLE_TABLES)
          .key("example_id", "layer", "head")
          .columns(
              EXAMPLE_ID,
              nullable("n_points", IntegerType, "points (tokens kept)"),
              LAYER,
              HEAD,
              column(
                  "distances",
                  arrayOf(DoubleType),
                  "compressed lower triangle, row by row: the distance between points i > j is at"
                      + " index i*(i-1)/2 + j (Ripser's `lower-distance` layout); points are"
                      + " `examples.kept_positions`"))
          .rows(
              in ->
                  in.succeeded()
                      .where("token_distances IS NOT NULL")
                      .selectExpr("example_id", "n_points", "inline(token_distances)"))
          .build();

  /** A summary's columns (stored per example in the analysed rows) after the example's id. */
  private static List<TableColumn> withExampleId(List<TableColumn> columns) {
    List<TableColumn> c = new ArrayList<>(List.of(EXAMPLE_ID));
    c.addAll(columns);
    return c;
  }

  static final List<OutputTable> ALL =
      List.of(EXAMPLES, ERRORS, TOKEN_DIAGRAMS, DIAGRAM_STATS, BARCODE_FEATURES, TOKEN_DISTANCES);
}
