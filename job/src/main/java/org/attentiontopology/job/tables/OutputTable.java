package org.attentiontopology.job.tables;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.job.config.RunConfig;

/**
 * One output table, declared whole: name, documentation, columns, key, when it is written and how
 * its rows are made from a model's {@link TableInputs}. The job writes the catalogue ({@link
 * OutputTables}) in a loop and docs/tables.md is rendered from it, so a table exists in one place.
 *
 * <p>The rows' columns are selected by name in declared order, and a column whose type differs from
 * its declaration stops the run: a projection cannot shift data into the wrong column, and a
 * declaration cannot drift from what is written.
 */
public final class OutputTable {
  /** The part of a model's run a table belongs to; its key names the run table's stage_seconds. */
  public enum Stage {
    EXAMPLE_TABLES("example_tables", in -> {}),
    TOKEN_TABLES("token_tables", in -> {}),
    /** The head distances are added up first, a stage of their own on the console. */
    HEAD_TOPOLOGY("head_topology", TableInputs::heads),
    DIAGRAM_DISTANCES("diagram_distances", in -> {}),
    /** Written by the job itself once every model is done (the run table, model comparisons). */
    RUN("", in -> {});

    public final String key;
    private final java.util.function.Consumer<TableInputs> prepare;

    Stage(String key, java.util.function.Consumer<TableInputs> prepare) {
      this.key = key;
      this.prepare = prepare;
    }

    /** Computes, before the stage's tables, what they share. */
    public void prepare(TableInputs in) {
      prepare.accept(in);
    }
  }

  private final String name;
  private final String doc;
  private final List<TableColumn> columns;
  private final List<String> key;
  private final List<String> sortedBy;
  private final boolean modelSized;
  private final Stage stage;
  private final Predicate<RunConfig> writtenWhen;
  private final Function<RunConfig, String> progressNote;
  private final Function<TableInputs, Dataset<Row>> rows;
  private final StructType schema;

  private OutputTable(Builder b) {
    this.name = b.name;
    this.doc = b.doc;
    this.columns = List.copyOf(b.columns);
    this.key = List.copyOf(b.key);
    this.sortedBy = List.copyOf(b.sortedBy);
    this.modelSized = b.modelSized;
    this.stage = b.stage;
    this.writtenWhen = b.writtenWhen;
    this.progressNote = b.progressNote;
    this.rows = b.rows;
    this.schema = TableColumn.schemaOf(columns);
    for (String k : key) {
      schema.fieldIndex(k); // a key names declared columns
    }
    for (String k : sortedBy) {
      schema.fieldIndex(k);
    }
  }

  public static Builder named(String name) {
    return new Builder(name);
  }

  public String name() {
    return name;
  }

  /** Markdown: what one row is, and anything a reader of the columns must know first. */
  public String doc() {
    return doc;
  }

  public List<TableColumn> columns() {
    return columns;
  }

  public List<String> columnNames() {
    return columns.stream().map(TableColumn::name).toList();
  }

  /** The columns that identify a row (besides run_id and model). */
  public List<String> key() {
    return key;
  }

  /**
   * The columns the rows are sorted by when written; empty when they are made in key order already
   * (the per-example tables: the examples are sorted by id once, see RunJob).
   */
  public List<String> sortedBy() {
    return sortedBy;
  }

  /**
   * Whether the rows grow with the model (a row per head or pair of heads), not with the corpus:
   * such a table is sorted in one task into one file, where a sort across tasks would first run a
   * job to sample the rows for its ranges (a second of a run's output stage for 72 rows).
   */
  public boolean modelSized() {
    return modelSized;
  }

  public Stage stage() {
    return stage;
  }

  /**
   * A row of this table from its values by column name, in the declared order: a row built on the
   * driver names each value, so a column added, moved or renamed in the declaration cannot shift
   * the others. Every declared column must be given, and nothing else.
   */
  public Row row(Map<String, ?> byColumn) {
    StructField[] fields = schema.fields();
    Object[] values = new Object[fields.length];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < fields.length; i++) {
      if (!byColumn.containsKey(fields[i].name())) {
        missing.add(fields[i].name());
      }
      values[i] = byColumn.get(fields[i].name());
    }
    List<String> unknown = new ArrayList<>(byColumn.keySet());
    unknown.removeAll(Arrays.asList(schema.fieldNames()));
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "a row of table "
              + name
              + ": missing columns "
              + missing
              + ", unknown columns "
              + unknown);
    }
    return RowFactory.create(values);
  }

  /** The schema, derived from the declared columns (run_id and model are added on writing). */
  public StructType schema() {
    return schema;
  }

  public boolean writtenFor(RunConfig config) {
    return writtenWhen.test(config);
  }

  /** What the progress line says after the table's name, e.g. which pairs are compared. */
  public String progressLabel(RunConfig config) {
    String note = progressNote.apply(config);
    return note.isEmpty() ? name : name + " (" + note + ")";
  }

  /** The table's rows for one model, in declared column order. */
  public Dataset<Row> rows(TableInputs in) {
    if (rows == null) {
      throw new IllegalStateException(
          name + " is written by the job itself, not projected from a model's examples");
    }
    return conform(rows.apply(in));
  }

  /**
   * {@code rows} with exactly the declared columns, selected by name in declared order; refuses a
   * missing column or one of another type, naming both.
   */
  public Dataset<Row> conform(Dataset<Row> rows) {
    StructType actual = rows.schema();
    List<Column> selected = new ArrayList<>();
    for (TableColumn c : columns) {
      if (!Arrays.asList(actual.fieldNames()).contains(c.name())) {
        throw new IllegalStateException(
            "table "
                + name
                + " declares column "
                + c.name()
                + ", which its rows lack (they have "
                + String.join(", ", actual.fieldNames())
                + ")");
      }
      StructField f = actual.apply(c.name());
      if (!f.dataType().catalogString().equals(c.type().catalogString())) {
        throw new IllegalStateException(
            "table "
                + name
                + " declares "
                + c.name()
                + " as "
                + c.type().catalogString()
                + " but its rows have "
                + f.dataType().catalogString());
      }
      selected.add(col(c.name()));
    }
    return rows.select(selected.toArray(new Column[0]));
  }

  /** Builds a declaration; every table has a name, doc, columns and stage. */
  public static final class Builder {
    private final String name;
    private String doc = "";
    private List<TableColumn> columns = List.of();
    private List<String> key = List.of();
    private List<String> sortedBy = List.of();
    private boolean modelSized;
    private Stage stage;
    private Predicate<RunConfig> writtenWhen = c -> true;
    private Function<RunConfig, String> progressNote = c -> "";
    private Function<TableInputs, Dataset<Row>> rows;

    private Builder(String name) {
      this.name = name;
    }

    public Builder doc(String doc) {
      this.doc = doc;
      return this;
    }

    public Builder columns(List<TableColumn> columns) {
      this.columns = columns;
      return this;
    }

    public Builder columns(TableColumn... columns) {
      return columns(List.of(columns));
    }

    public Builder key(String... key) {
      this.key = List.of(key);
      return this;
    }

    public Builder sortedBy(String... columns) {
      this.sortedBy = List.of(columns);
      return this;
    }

    /** See {@link OutputTable#modelSized()}. */
    public Builder modelSized() {
      this.modelSized = true;
      return this;
    }

    public Builder stage(Stage stage) {
      this.stage = stage;
      return this;
    }

    public Builder writtenWhen(Predicate<RunConfig> when) {
      this.writtenWhen = when;
      return this;
    }

    public Builder progressNote(Function<RunConfig, String> note) {
      this.progressNote = note;
      return this;
    }

    public Builder rows(Function<TableInputs, Dataset<Row>> rows) {
      this.rows = rows;
      return this;
    }

    public OutputTable build() {
      if (stage == null || columns.isEmpty() || doc.isBlank()) {
        throw new IllegalStateException(name + ": a table declares its stage, doc and columns");
      }
      return new OutputTable(this);
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
