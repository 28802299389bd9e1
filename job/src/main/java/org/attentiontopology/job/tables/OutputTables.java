package org.attentiontopology.job.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.attentiontopology.job.tables.TableColumn.column;
import static org.attentiontopology.job.tables.TableColumn.nullable;

import java.util.ArrayList;
import java.util.List;
import org.attentiontopology.job.tables.OutputTable.Stage;

/**
 * The catalogue of a run's tables, in the order a model's run writes them. The job, the report, the
 * sql command and docs/tables.md all read table names and columns from here.
 */
public final class OutputTables {
  private OutputTables() {}

  public static final OutputTable RUN =
      OutputTable.named("run")
          .doc(
              "One row per model describing the run (one row for a single-model run); the model is"
                  + " the partition. Written last: a run directory without it did not finish.")
          .stage(Stage.RUN)
          .columns(
              column("corpus", StringType, "absolute path or URI of the corpus"),
              column("started_at", TimestampType, "wall-clock start"),
              column("finished_at", TimestampType, "wall-clock end"),
              column("wall_seconds", DoubleType, "seconds from start to the last table"),
              column(
                  "stage_seconds",
                  createMapType(StringType, DoubleType),
                  "seconds per stage (inference_and_analysis, sort_by_example: the analysed"
                      + " examples sorted by id once so that every per-example table is written in"
                      + " key order without sorting its rows, then one per group of tables:"
                      + " example_tables, token_tables, head_topology, diagram_distances)"),
              column(
                  "n_examples",
                  LongType,
                  "lines or records read (a text split into windows counts once)"),
              column("n_errors", LongType, "rows of `errors`"),
              column(
                  "n_truncated",
                  LongType,
                  "examples longer than the maximum length, truncated (with `long-texts = window`:"
                      + " texts whose windows could not be cut faithfully)"),
              column(
                  "n_skipped_files",
                  LongType,
                  "files of a corpus folder left out by rule, each also listed on the console:"
                      + " hidden names (a file or folder starting with `.` or `_`, as Spark's"
                      + " `_SUCCESS` and checksums), empty files, the metadata JSON beside"
                      + " HuggingFace `.arrow` shards; for image corpora, files that are not"
                      + " `.png`, `.jpg` or `.jpeg`. 0 for a one-file corpus"),
              column(
                  "long_texts",
                  StringType,
                  "what was done with texts over the maximum length, in words: `truncate to N"
                      + " tokens (flagged truncated)` or `windows of N tokens overlapping by M word"
                      + " pieces (...)`; for vision models `not applicable`"),
              column(
                  "table_rows", createMapType(StringType, LongType), "rows written to each table"),
              column("log_base", StringType, "`2` or `e`"),
              column(
                  "square_root",
                  BooleanType,
                  "token and head distances take the square root of the JS divergence"),
              column("token_distance", StringType, "the formula, in words"),
              column(
                  "head_distance",
                  StringType,
                  "the formula, in words, and in which precision the head kernel ran"
                      + " (`divergence.head-precision`)"),
              column("indexing", StringType, "0-based layers, heads and positions"),
              column("infinite_death", StringType, "how essential bars are encoded"),
              column("zero_length_bars", StringType, "which zero-length bars are kept"),
              column("special_tokens_kept", BooleanType, "special tokens are points of the clouds"),
              column("tokens_kept", StringType, "the token selection, in words"),
              column(
                  "token_units",
                  StringType,
                  "tokens or words (word-level pooling) in the token analysis tables"),
              column("max_dimension", IntegerType, "highest homology dimension of token diagrams"),
              nullable("threshold", DoubleType, "Rips threshold; NULL for the full filtration"),
              column("config", StringType, "the whole resolved configuration, JSON"),
              column(
                  "versions",
                  createMapType(StringType, StringType),
                  "attention_topology, spark, java, djl"))
          .build();

  public static final OutputTable MODEL_DISTANCES =
      OutputTable.named("model_distances")
          .doc(
              "Runs over several models only. With several `--model`s, the head clouds of every"
                  + " pair of models compared per homology dimension. The diagrams are those of"
                  + " `head_diagrams` divided by the model's `n_tokens` (the mean head distance per"
                  + " token), so models with different tokenizers compare on one scale. Has"
                  + " `run_id` but no `model` column.")
          .stage(Stage.RUN)
          .key("model_a", "model_b", "dim")
          .columns(
              column("model_a", StringType, "the pair's first model, in command-line order"),
              column("model_b", StringType, "its second"),
              column("dim", IntegerType, "homology dimension"),
              nullable(
                  "bottleneck",
                  DoubleType,
                  "exact bottleneck distance; NULL when the essential counts differ"),
              nullable("wasserstein_1", DoubleType, "exact W1 (L-infinity ground metric)"),
              nullable("wasserstein_2", DoubleType, "exact W2 (L-infinity ground metric)"))
          .build();

  /** Every table of a model's run, in the order they are written. */
  public static final List<OutputTable> PER_MODEL = perModel();

  /** Every table a run may hold. */
  public static final List<OutputTable> ALL = all();

  private static List<OutputTable> perModel() {
    List<OutputTable> t = new ArrayList<>(ExampleTables.ALL);
    t.addAll(TokenTables.ALL);
    t.addAll(HeadTables.ALL);
    return List.copyOf(t);
  }

  private static List<OutputTable> all() {
    List<OutputTable> t = new ArrayList<>(List.of(RUN));
    t.addAll(PER_MODEL);
    t.add(MODEL_DISTANCES);
    return List.copyOf(t);
  }

  /**
   * The table called {@code name}; refuses a name the catalogue does not hold, listing those it
   * does.
   */
  public static OutputTable named(String name) {
    for (OutputTable t : ALL) {
      if (t.name().equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "no table "
            + name
            + " in a run; the tables are "
            + String.join(", ", ALL.stream().map(OutputTable::name).toList()));
  }
}
