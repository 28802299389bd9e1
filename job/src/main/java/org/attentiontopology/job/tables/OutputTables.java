package org.attentiontopology.job.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.attentiontopology.job.tables.TableColumn.arrayOf;
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
              "One row per model and batch describing the run (one row for a single-model run of"
                  + " one corpus; `run --append` adds a row per model for each batch,"
                  + " [scheduled-runs.md](scheduled-runs.md)); the model is the partition. Written"
                  + " last: a run directory without it did not finish.")
          .stage(Stage.RUN)
          .key("batch")
          .sortedBy("batch")
          .columns(
              column(
                  "batch", IntegerType, "1 for the run's first corpus, then one more per append"),
              column("corpus", StringType, "absolute path or URI of the batch's corpus"),
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
                  "config_hash",
                  StringType,
                  "SHA-256 (16 hex digits) of `result_config`: equal in every batch of a run"),
              column(
                  "result_config",
                  StringType,
                  "the settings that shape the numbers (all but Spark, device, work folder,"
                      + " output), JSON; an append with other values is refused"),
              column(
                  "n_already_present",
                  LongType,
                  "records of the batch's corpus that the run held already (same id and text),"
                      + " skipped; 0 for a first batch"),
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

  /**
   * Hidden (the name starts with `_`, which Spark's and DuckDB's globs skip): the corpus records of
   * every batch, by which an append tells a new record from one the run holds and numbers its
   * ordinals after the run's (docs/scheduled-runs.md). Has `run_id` but no `model` column.
   */
  public static final OutputTable CORPUS_RECORDS =
      OutputTable.named("_corpus_records")
          .doc(
              "One row per corpus record of every batch: what an append compares a new corpus with.")
          .stage(Stage.RUN)
          .key("example_id")
          .sortedBy("batch", "ordinal")
          .columns(
              column("example_id", StringType, "the record's id, as in `examples`"),
              column("ordinal", LongType, "its record number in the run, as in `examples`"),
              column("text_hash", LongType, "xxhash64 of its text: an id given to another text"),
              column("batch", IntegerType, "the batch that brought it, as in `run`"))
          .build();

  /**
   * Hidden: each model's exact head-distance sums over every batch so far, stored as the terms of
   * their exact expansions, so that an append adds its batch's sums to the run's without rounding.
   */
  public static final OutputTable HEAD_SUMS =
      OutputTable.named("_head_sums")
          .doc("One row per model: the exact sums behind `head_distances` over every batch.")
          .stage(Stage.HEAD_TOPOLOGY)
          .columns(
              column(
                  "distance_terms",
                  arrayOf(arrayOf(DoubleType)),
                  "per pair of heads, the terms whose exact sum is `distance`"),
              column(
                  "divergence_terms",
                  arrayOf(arrayOf(DoubleType)),
                  "likewise for `js_divergence_sum`"),
              column("n_tokens", LongType, "tokens summed over"),
              column("n_examples", LongType, "examples summed over"))
          .rows(
              in -> in.driverRows(List.of(in.headSums().toRow()), OutputTables.HEAD_SUMS.schema()))
          .build();

  /** Every table of a model's run, in the order they are written. */
  public static final List<OutputTable> PER_MODEL = perModel();

  /** Every table a run may hold. */
  public static final List<OutputTable> ALL = all();

  /**
   * The tables an append writes whole, from the stored sums and the new batch; every other table is
   * the earlier batches' files plus the new batch's (RunDirectory.carry).
   */
  public static final java.util.Set<String> REBUILT_BY_APPEND =
      java.util.Set.of(
          HeadTables.HEAD_DISTANCES.name(),
          HeadTables.HEAD_DIAGRAMS.name(),
          TokenTables.HEAD_STATS_CORPUS.name(),
          MODEL_DISTANCES.name(),
          RUN.name(),
          HEAD_SUMS.name());

  /** What a model's run writes: its tables, then its hidden state. */
  public static final List<OutputTable> WRITTEN_PER_MODEL = writtenPerModel();

  private static List<OutputTable> writtenPerModel() {
    List<OutputTable> t = new ArrayList<>(PER_MODEL);
    t.add(HEAD_SUMS);
    return List.copyOf(t);
  }

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
