package org.attentiontopology.job.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.attentiontopology.job.tables.ExampleTables.EXAMPLE_ID;
import static org.attentiontopology.job.tables.KeyColumns.HEAD;
import static org.attentiontopology.job.tables.KeyColumns.LAYER;
import static org.attentiontopology.job.tables.TableColumn.arrayOf;
import static org.attentiontopology.job.tables.TableColumn.column;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.attentiontopology.job.stages.HeadStatistics;
import org.attentiontopology.job.tables.OutputTable.Stage;

/**
 * The token-analysis tables, projected from the analysed examples: top_attended, token_attention,
 * head_stats (per example), head_stats_corpus (per head, unit-weighted means over the corpus) and,
 * when asked, attention_edges. Positions index the example's units: tokens, or words with
 * word-level pooling.
 *
 * <p>The analysed rows hold arrays per attending unit (top_attended) and per head
 * (token_attention); the tables have a row per entry, the array index giving the rank or the
 * position. The examples come sorted by id and each example's entries are made in the order of the
 * table's key, so no table here is sorted again.
 */
public final class TokenTables {
  private TokenTables() {}

  /**
   * The long form of top_attended, a row per (attending unit, rank): a view, in each SQL dialect
   * the tool speaks.
   */
  public static final String TOP_ATTENDED_LONG = "top_attended_long";

  /** Spark SQL over a view top_attended of the stored table (docs/tables.md shows it). */
  public static final String TOP_ATTENDED_LONG_SPARK =
      "SELECT t.run_id, t.example_id, t.layer, t.head, "
          + "t.from_pos, t.from_token, e.rank0 + 1 AS rank, e.to_pos, element_at(t.to_token, e.rank0 + 1) AS to_token, "
          + "element_at(t.weight, e.rank0 + 1) AS weight, t.model "
          + "FROM top_attended t LATERAL VIEW posexplode(t.to_pos) e AS rank0, to_pos";

  /**
   * The same in DuckDB, whose lists in one SELECT unnest side by side (docs/tables.md shows it).
   */
  public static final String TOP_ATTENDED_LONG_DUCKDB =
      "SELECT run_id, example_id, layer, head, from_pos, "
          + "from_token, unnest(range(1, len(to_pos) + 1)) AS rank, unnest(to_pos) AS to_pos, "
          + "unnest(to_token) AS to_token, unnest(weight) AS weight, model FROM top_attended";

  private static final TableColumn N_UNITS =
      column("n_units", IntegerType, "attending units of the example (tokens, or words)");

  public static final OutputTable TOP_ATTENDED =
      OutputTable.named("top_attended")
          .doc(
              "Each unit's `token-analysis.top-k` (default 5) most attended units, per layer and"
                  + " head. Ties go to the lower position. Stored compact, one row per attending"
                  + " unit with its k entries as arrays in rank order (k times fewer rows than one"
                  + " row per entry); the view `top_attended_long` below has a row per entry.")
          .stage(Stage.TOKEN_TABLES)
          .key("example_id", "layer", "head", "from_pos")
          .columns(
              EXAMPLE_ID,
              LAYER,
              HEAD,
              column("from_pos", IntegerType, "the attending unit's position"),
              column("from_token", StringType, "the attending unit"),
              column(
                  "to_pos",
                  arrayOf(IntegerType),
                  "the attended units, most attended first (`to_pos[1]` in SQL is rank 1)"),
              column("to_token", arrayOf(StringType), "their strings"),
              column(
                  "weight",
                  arrayOf(FloatType),
                  "their attention weights (probabilities), descending"))
          .rows(
              in ->
                  in.succeeded()
                      .selectExpr("example_id", "units", "inline(top_attended)")
                      .selectExpr(
                          "example_id",
                          "layer",
                          "head",
                          "from_pos",
                          "element_at(units, from_pos + 1) AS from_token",
                          "to_pos",
                          "transform(to_pos, p -> element_at(units, p + 1)) AS to_token",
                          "weight"))
          .build();

  public static final OutputTable TOKEN_ATTENTION =
      OutputTable.named("token_attention")
          .doc("Attention received by each unit: column sums of the attention matrix.")
          .stage(Stage.TOKEN_TABLES)
          .key("example_id", "weighted", "layer", "head", "position")
          .columns(
              EXAMPLE_ID,
              column("layer", IntegerType, "0-based; `-1` = summed over every layer and head"),
              column("head", IntegerType, "0-based; `-1` = summed over every layer and head"),
              column("position", IntegerType, "the receiving unit's position"),
              column("token", StringType, "the receiving unit"),
              column(
                  "received",
                  DoubleType,
                  "sum of the attention paid to it (over the rows; one head's `received` sums to n"
                      + " over positions)"),
              column(
                  "share",
                  DoubleType,
                  "`received / (n * W)`, W = 1 for one head, the number of heads for the sum, the"
                      + " total importance weight for the weighted sum: a distribution over"
                      + " positions (sums to 1)"),
              column(
                  "weighted",
                  BooleanType,
                  "true for the head-importance weighted sum (only when"
                      + " `token-analysis.head-importance` is given: a layers x heads matrix as"
                      + " .csv, .json or .npy)"))
          .rows(
              in ->
                  in.succeeded()
                      .selectExpr("example_id", "units", "inline(token_attention)")
                      .selectExpr(
                          "example_id",
                          "units",
                          "layer",
                          "head",
                          "weighted",
                          "share",
                          "posexplode(received) AS (position, received)")
                      .selectExpr(
                          "example_id",
                          "layer",
                          "head",
                          "position",
                          "element_at(units, position + 1) AS token",
                          "received",
                          "element_at(share, position + 1) AS share",
                          "weighted"))
          .build();

  public static final OutputTable HEAD_STATS =
      OutputTable.named("head_stats")
          .doc(
              "Per example, layer and head: Clark et al. 2019's statistics, averaged over the"
                  + " attending units, and Kushnareva et al. 2021's distances to binary template"
                  + " matrices P.")
          .stage(Stage.TOKEN_TABLES)
          .key("example_id", "layer", "head")
          .columns(headStatsColumns())
          .rows(TokenTables::headStats)
          .build();

  public static final OutputTable HEAD_STATS_CORPUS =
      OutputTable.named("head_stats_corpus")
          .doc(
              "The statistics of `head_stats` per layer and head over the whole corpus (every"
                  + " batch of an appended run): means of the per-example values weighted by"
                  + " `n_units` (so every attending unit of the corpus counts once).")
          .stage(Stage.TOKEN_TABLES)
          .key("layer", "head")
          .sortedBy("layer", "head")
          .modelSized()
          .columns(headStatsCorpusColumns())
          .rows(TokenTables::headStatsCorpus)
          .build();

  public static final OutputTable ATTENTION_EDGES =
      OutputTable.named("attention_edges")
          .doc(
              "Off by default. With `token-analysis.edges-threshold = t > 0`: every attention"
                  + " weight >= t as an edge.")
          .stage(Stage.TOKEN_TABLES)
          .key("example_id", "layer", "head", "from_pos", "to_pos")
          .writtenWhen(c -> c.tokenAnalysis.edgesThreshold() > 0)
          .columns(
              EXAMPLE_ID,
              LAYER,
              HEAD,
              column("from_pos", IntegerType, "the attending unit's position"),
              column("from_token", StringType, "the attending unit"),
              column("to_pos", IntegerType, "the attended unit's position"),
              column("to_token", StringType, "the attended unit"),
              column("weight", FloatType, "the attention weight, >= t"))
          .rows(
              in ->
                  in.succeeded()
                      .selectExpr("example_id", "units", "inline(attention_edges)")
                      .selectExpr(
                          "example_id",
                          "layer",
                          "head",
                          "from_pos",
                          "element_at(units, from_pos + 1) AS from_token",
                          "to_pos",
                          "element_at(units, to_pos + 1) AS to_token",
                          "weight"))
          .build();

  private static List<TableColumn> headStatsColumns() {
    List<TableColumn> c = new ArrayList<>(List.of(EXAMPLE_ID, N_UNITS, LAYER, HEAD));
    for (HeadStatistics.Statistic s : HeadStatistics.ALL) {
      c.add(column(s.name(), DoubleType, s.doc()));
    }
    return c;
  }

  private static List<TableColumn> headStatsCorpusColumns() {
    List<TableColumn> c = new ArrayList<>(List.of(LAYER, HEAD));
    for (HeadStatistics.Statistic s : HeadStatistics.ALL) {
      c.add(
          column(s.name(), DoubleType, "`n_units`-weighted mean of `head_stats." + s.name() + "`"));
    }
    c.add(column("n_examples", LongType, "examples averaged over"));
    c.add(column("n_units", LongType, "attending units of those examples"));
    return c;
  }

  private static Dataset<Row> headStats(TableInputs in) {
    return in.succeeded().selectExpr("example_id", "size(units) AS n_units", "inline(head_stats)");
  }

  /**
   * Exact sums, so the means have the same bits however the examples are partitioned, and an append
   * (the earlier batches' head_stats with the new batch's) gives those of one run.
   */
  private static Dataset<Row> headStatsCorpus(TableInputs in) {
    Dataset<Row> stats = HEAD_STATS.conform(headStats(in));
    Dataset<Row> earlier = in.earlier(HEAD_STATS);
    Dataset<Row> all = earlier == null ? stats : HEAD_STATS.conform(earlier).unionByName(stats);
    List<Column> means = new ArrayList<>();
    for (String name : HeadStatistics.names()) {
      means.add(
          ExactSum.FUNCTION
              .apply(col(name).cast("double").multiply(col("n_units")))
              .divide(sum(col("n_units")))
              .as(name));
    }
    means.add(org.apache.spark.sql.functions.count("*").as("n_examples"));
    means.add(sum(col("n_units")).as("n_units"));
    return all.groupBy("layer", "head")
        .agg(means.get(0), means.subList(1, means.size()).toArray(new Column[0]));
  }

  static final List<OutputTable> ALL =
      List.of(TOP_ATTENDED, TOKEN_ATTENTION, HEAD_STATS, HEAD_STATS_CORPUS, ATTENTION_EDGES);
}
