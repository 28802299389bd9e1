package org.attentiontopology.job.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.attentiontopology.tokens.AttentionPatterns;

/**
 * The token-analysis tables, projected from the analyzed examples: top_attended, token_attention,
 * head_stats (per example), head_stats_corpus (per head, token-weighted means over the corpus) and,
 * when asked, attention_edges. Positions index the example's units: tokens, or words with
 * word-level pooling.
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

  public static Map<String, Long> write(
      RunDirectory out, String model, Dataset<Row> ok, boolean edges) {
    return write(out, model, ok, edges, null);
  }

  /**
   * @param earlierStats the head_stats rows of the run's earlier batches (an append), which the
   *     corpus means take in; null for none
   */
  public static Map<String, Long> write(
      RunDirectory out, String model, Dataset<Row> ok, boolean edges, Dataset<Row> earlierStats) {
    Map<String, Long> rows = new LinkedHashMap<>();
    // The analyzed rows hold arrays per attending unit (top_attended) and per head
    // (token_attention); the tables
    // have a row per entry, the array index giving the rank or the position. `ok` comes sorted by
    // example id, and
    // each example's rows are made in the order of the table's key (RunJob), so no table here is
    // sorted again.
    // top_attended is stored compact, one row per attending unit with its k entries as arrays (k
    // times fewer
    // rows, the form the analysis holds); TOP_ATTENDED_LONG is the documented view with a row per
    // entry.
    rows.put(
        "top_attended",
        out.write(
            model,
            "top_attended",
            ok.selectExpr("example_id", "units", "inline(top_attended)")
                .selectExpr(
                    "example_id",
                    "layer",
                    "head",
                    "from_pos",
                    "element_at(units, from_pos + 1) AS from_token",
                    "to_pos",
                    "transform(to_pos, p -> element_at(units, p + 1)) AS to_token",
                    "weight")));
    rows.put(
        "token_attention",
        out.write(
            model,
            "token_attention",
            ok.selectExpr("example_id", "units", "inline(token_attention)")
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
                    "weighted")));
    Dataset<Row> stats =
        ok.selectExpr("example_id", "size(units) AS n_units", "inline(head_stats)");
    rows.put("head_stats", out.write(model, "head_stats", stats));
    Dataset<Row> allStats = earlierStats == null ? stats : earlierStats.unionByName(stats);
    List<Column> means = new ArrayList<>();
    for (String name : AttentionPatterns.names()) {
      // Exact sums, so the means have the same bits however the examples are partitioned.
      means.add(
          ExactSum.FUNCTION
              .apply(col(name).cast("double").multiply(col("n_units")))
              .divide(sum(col("n_units")))
              .as(name));
    }
    means.add(org.apache.spark.sql.functions.count("*").as("n_examples"));
    means.add(sum(col("n_units")).as("n_units"));
    rows.put(
        "head_stats_corpus",
        out.write(
            model,
            "head_stats_corpus",
            allStats
                .groupBy("layer", "head")
                .agg(means.get(0), means.subList(1, means.size()).toArray(new Column[0])),
            "layer",
            "head"));
    if (edges) {
      rows.put(
          "attention_edges",
          out.write(
              model,
              "attention_edges",
              ok.selectExpr("example_id", "units", "inline(attention_edges)")
                  .selectExpr(
                      "example_id",
                      "layer",
                      "head",
                      "from_pos",
                      "element_at(units, from_pos + 1) AS from_token",
                      "to_pos",
                      "element_at(units, to_pos + 1) AS to_token",
                      "weight")));
    }
    return rows;
  }
}
