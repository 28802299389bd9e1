package org.attentiontopology.job.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.attentiontopology.job.tables.TableColumn.column;
import static org.attentiontopology.job.tables.TableColumn.nullable;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.attentiontopology.job.stages.DiagramComparisons;
import org.attentiontopology.job.stages.HeadTopology;
import org.attentiontopology.job.tables.OutputTable.Stage;

/**
 * The tables that compare: heads with heads over the corpus (their distances and the head cloud's
 * diagram) and examples with examples (distances between their diagrams).
 */
public final class HeadTables {
  private HeadTables() {}

  private static final String HEAD_PAIR = "one of the two heads, 0-based";

  public static final OutputTable HEAD_DISTANCES =
      OutputTable.named("head_distances")
          .doc(
              "The corpus-level distance between heads (Clark et al. 2019, section 6): the full"
                  + " matrix, both orders of every pair and the zero diagonal.")
          .stage(Stage.HEAD_TOPOLOGY)
          .key("layer_i", "head_i", "layer_j", "head_j")
          .sortedBy("layer_i", "head_i", "layer_j", "head_j")
          .modelSized()
          .columns(
              column("layer_i", IntegerType, HEAD_PAIR),
              column("head_i", IntegerType, HEAD_PAIR),
              column("layer_j", IntegerType, HEAD_PAIR),
              column("head_j", IntegerType, HEAD_PAIR),
              column(
                  "distance",
                  DoubleType,
                  "D(Hi, Hj) = sum over every token of the corpus of sqrt(JS(Hi(token),"
                      + " Hj(token))), log base as in `run`"),
              nullable("mean_distance", DoubleType, "distance / n_tokens"),
              column(
                  "js_divergence_sum",
                  DoubleType,
                  "sum over tokens of JS divergence in nats (Clark et al.'s own quantity; not a"
                      + " metric)"),
              column("n_tokens", LongType, "tokens summed over (points of all analysed examples)"))
          .rows(in -> headRows(in, HeadTopology::distanceRows, HeadTables.HEAD_DISTANCES))
          .build();

  public static final OutputTable HEAD_DIAGRAMS =
      OutputTable.named("head_diagrams")
          .doc(
              "Persistent homology of the heads as a point cloud under `distance`: one row per"
                  + " bar.")
          .stage(Stage.HEAD_TOPOLOGY)
          .key("dim", "birth", "death")
          .sortedBy("dim", "birth", "death")
          .modelSized()
          .columns(
              column("dim", IntegerType, "homology dimension"),
              column("birth", DoubleType, "the bar's birth"),
              nullable("death", DoubleType, "NULL for the essential H0 bar"),
              column("is_essential", BooleanType, ""),
              nullable("persistence", DoubleType, "death - birth (NULL if essential)"),
              nullable(
                  "merge_layer_a",
                  IntegerType,
                  "for a finite H0 bar: a head of the edge that merged two clusters (single"
                      + " linkage); NULL otherwise"),
              nullable("merge_head_a", IntegerType, "likewise"),
              nullable("merge_layer_b", IntegerType, "the edge's other head"),
              nullable("merge_head_b", IntegerType, "likewise"))
          .rows(
              in ->
                  headRows(
                      in,
                      h -> h.diagramRows(in.config().persistence.headMaxDimension()),
                      HeadTables.HEAD_DIAGRAMS))
          .build();

  public static final OutputTable DIAGRAM_DISTANCES =
      OutputTable.named("diagram_distances")
          .doc(
              "Distances between the diagrams of pairs of examples, per layer, head and dimension."
                  + " The pairs are chosen by `comparisons.pairs`: `consecutive` (default: each"
                  + " analysed example and the next in corpus order, by ordinal then window, so the"
                  + " windows of a split text are compared in turn), `group` (every pair within a"
                  + " group, windows of one text included), `reference` (every example against"
                  + " `comparisons.reference`), `file` (the pairs of `comparisons.pairs-file`, a"
                  + " CSV with header `example_a,example_b`) or `none`.")
          .stage(Stage.DIAGRAM_DISTANCES)
          .key("example_a", "example_b", "layer", "head", "dim")
          .sortedBy("example_a", "example_b", "layer", "head", "dim")
          .progressNote(c -> c.comparisons.pairs().value() + " pairs")
          .columns(
              column("example_a", StringType, "the pair's first example"),
              column("example_b", StringType, "its second"),
              column("layer", IntegerType, "0-based"),
              column("head", IntegerType, "0-based"),
              column("dim", IntegerType, "homology dimension"),
              nullable(
                  "bottleneck",
                  DoubleType,
                  "exact bottleneck distance (L-infinity); NULL when the essential counts differ"),
              nullable(
                  "wasserstein_1",
                  DoubleType,
                  "exact Wasserstein distance W1 (L-infinity ground metric, points may go to the"
                      + " diagonal); NULL when the essential counts differ or"
                      + " `comparisons.wasserstein = false`"),
              nullable("wasserstein_2", DoubleType, "likewise W2"),
              column(
                  "essential_mismatch",
                  BooleanType,
                  "the diagrams have different numbers of essential bars (distance infinite)"))
          .rows(HeadTables::diagramDistances)
          .build();

  /** The head cloud's rows; none when no example succeeded. */
  private static Dataset<Row> headRows(
      TableInputs in, Function<HeadTopology, List<Row>> rows, OutputTable table) {
    HeadTopology heads = in.heads();
    return in.driverRows(heads == null ? List.of() : rows.apply(heads), table.schema());
  }

  /**
   * An append compares over the run's earlier examples too (their places in the corpus and their
   * diagrams are in its tables), but only the pairs with a new example: the earlier batches wrote
   * the others.
   */
  private static Dataset<Row> diagramDistances(TableInputs in) {
    Dataset<Row> earlier = in.earlier(ExampleTables.EXAMPLES);
    Dataset<Row> placed = in.analyzed();
    Dataset<Row> diagrams = in.diagrams();
    if (earlier != null) {
      placed =
          earlier
              .selectExpr(
                  "example_id",
                  "ordinal",
                  "window",
                  "`group`",
                  "CAST(NULL AS STRING) AS error_stage")
              .unionByName(
                  placed.select("example_id", "ordinal", "window", "group", "error_stage"));
      diagrams =
          in.earlier(ExampleTables.TOKEN_DIAGRAMS)
              .select("example_id", "layer", "head", "dim", "bars")
              .unionByName(diagrams);
    }
    Dataset<Row> pairs =
        switch (in.config().comparisons.pairs()) {
          case CONSECUTIVE -> DiagramComparisons.consecutivePairs(in.spark(), placed);
          case GROUP -> DiagramComparisons.groupPairs(placed);
          case REFERENCE ->
              DiagramComparisons.referencePairs(placed, in.config().comparisons.reference());
          case FILE ->
              DiagramComparisons.filePairs(in.spark(), in.config().comparisons.pairsFile());
          case NONE -> null;
        };
    if (pairs != null && earlier != null) {
      Dataset<Row> fresh = in.analyzed().select(col("example_id").as("new_id"));
      pairs =
          pairs.join(
              fresh,
              pairs
                  .col("example_a")
                  .equalTo(col("new_id"))
                  .or(pairs.col("example_b").equalTo(col("new_id"))),
              "left_semi");
    }
    return pairs == null
        ? in.spark().createDataFrame(List.of(), DIAGRAM_DISTANCES.schema())
        : DiagramComparisons.compare(diagrams, pairs, in.config().comparisons.wasserstein());
  }

  static final List<OutputTable> ALL = List.of(HEAD_DISTANCES, HEAD_DIAGRAMS, DIAGRAM_DISTANCES);
}
