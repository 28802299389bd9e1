package org.attentiontopology.job.stages;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * The one row per example that inference and analysis produce. It is persisted, so the model runs
 * once, and every table is a projection of it. A failed example keeps its identity and carries the
 * error instead of results.
 *
 * <p>Each column is declared once, in {@link #COLUMNS}, with the value it takes from what the
 * example produced; the schema and every row are read off that one list, so a column declared in
 * another place moves with its value and cannot shift the others.
 */
public final class AnalyzedExample {
  private AnalyzedExample() {}

  /** A bar: death is NULL for an essential (infinite) bar. */
  public static final StructType BAR =
      new StructType().add("birth", DoubleType, false).add("death", DoubleType, true);

  public static final StructType HEAD_DIAGRAM =
      new StructType()
          .add("layer", IntegerType, false)
          .add("head", IntegerType, false)
          .add("dim", IntegerType, false)
          .add("bars", createArrayType(BAR, false), false);

  public static final StructType TOKEN_DISTANCES =
      new StructType()
          .add("layer", IntegerType, false)
          .add("head", IntegerType, false)
          .add("distances", createArrayType(DoubleType, false), false);

  /**
   * Identity columns shared by successes and failures. {@code window} and {@code nWindows} say
   * which window of its text this example is (0 and 1 for a text analysed whole; see {@link
   * TextWindows}).
   */
  public record Identity(
      String exampleId,
      long ordinal,
      int window,
      int nWindows,
      String source,
      String text,
      String label,
      String group) {}

  /** What an analysed example produced. */
  public record Results(
      String[] tokens,
      int untruncatedTokens,
      boolean truncated,
      ExampleAnalysis.Result analysis,
      TokenStatistics.Values tokenStatistics,
      Row[] diagramStats,
      Row[] barcodeFeatures) {}

  /** Why an example could not be analysed: the stage, the error's class and its message. */
  public record Failure(String stage, String errorClass, String message) {}

  /** What a row is made of: the identity, and either results or a failure (the other null). */
  record Example(Identity id, Results results, Failure failure) {}

  /** One column of the row: name, Spark type, nullability and its value for an example. */
  record Column(String name, DataType type, boolean nullable, Function<Example, Object> value) {}

  private static Column identity(
      String name, DataType type, boolean nullable, Function<Identity, Object> value) {
    return new Column(name, type, nullable, e -> value.apply(e.id()));
  }

  /** A result column: NULL for a failed example. */
  private static Column result(String name, DataType type, Function<Results, Object> value) {
    return new Column(name, type, true, e -> e.results() == null ? null : value.apply(e.results()));
  }

  /** An error column: NULL for an analysed example. */
  private static Column error(String name, Function<Failure, Object> value) {
    return new Column(
        name, StringType, true, e -> e.failure() == null ? null : value.apply(e.failure()));
  }

  private static DataType arrayOf(DataType element) {
    return createArrayType(element, false);
  }

  static final List<Column> COLUMNS =
      List.of(
          identity("example_id", StringType, false, Identity::exampleId),
          identity("ordinal", LongType, false, Identity::ordinal),
          identity("window", IntegerType, false, Identity::window),
          identity("n_windows", IntegerType, false, Identity::nWindows),
          identity("source", StringType, false, Identity::source),
          identity("text", StringType, true, Identity::text),
          identity("label", StringType, true, Identity::label),
          identity("group", StringType, true, Identity::group),
          result("n_tokens", IntegerType, r -> r.tokens().length),
          result("n_points", IntegerType, r -> r.analysis().tokens().tokens().length),
          result("untruncated_tokens", IntegerType, Results::untruncatedTokens),
          result("truncated", BooleanType, Results::truncated),
          result("tokens", arrayOf(StringType), Results::tokens),
          result("kept_positions", arrayOf(IntegerType), r -> r.analysis().tokens().positions()),
          result("diagrams", arrayOf(HEAD_DIAGRAM), r -> diagramRows(r.analysis())),
          result("diagram_stats", arrayOf(DiagramStats.STRUCT), Results::diagramStats),
          result(
              "barcode_features", arrayOf(DiagramStats.BARCODE_STRUCT), Results::barcodeFeatures),
          result("token_distances", arrayOf(TOKEN_DISTANCES), r -> distanceRows(r.analysis())),
          result(
              "head_js_distance", arrayOf(DoubleType), r -> r.analysis().headSums().jsDistance()),
          result(
              "head_js_divergence",
              arrayOf(DoubleType),
              r -> r.analysis().headSums().jsDivergenceNats()),
          result("units", arrayOf(StringType), r -> r.tokenStatistics().units()),
          result(
              "top_attended", arrayOf(TokenStatistics.TOP), r -> r.tokenStatistics().topAttended()),
          result(
              "token_attention",
              arrayOf(TokenStatistics.RECEIVED),
              r -> r.tokenStatistics().received()),
          result(
              "head_stats", arrayOf(HeadStatistics.STRUCT), r -> r.tokenStatistics().headStats()),
          result(
              "attention_edges", arrayOf(TokenStatistics.EDGE), r -> r.tokenStatistics().edges()),
          error("error_stage", Failure::stage),
          error("error_class", Failure::errorClass),
          error("error_message", Failure::message));

  public static final StructType SCHEMA = schema();

  /** Where {@code window} and {@code n_windows} sit in {@link #SCHEMA}. */
  static final int WINDOW_AT = SCHEMA.fieldIndex("window");

  static final int N_WINDOWS_AT = SCHEMA.fieldIndex("n_windows");

  private static StructType schema() {
    StructType s = new StructType();
    for (Column c : COLUMNS) {
      s = s.add(c.name(), c.type(), c.nullable());
    }
    return s;
  }

  private static Row row(Example e) {
    Object[] v = new Object[COLUMNS.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = COLUMNS.get(i).value().apply(e);
    }
    return RowFactory.create(v);
  }

  public static Row success(Identity id, Results results) {
    return row(new Example(id, results, null));
  }

  public static Row failure(Identity id, String stage, String errorClass, String message) {
    return row(new Example(id, null, new Failure(stage, errorClass, message)));
  }

  private static Row[] diagramRows(ExampleAnalysis.Result r) {
    List<ExampleAnalysis.HeadDiagrams> heads = r.diagrams();
    int perHead = heads.isEmpty() ? 0 : heads.get(0).byDimension().size();
    Row[] diagrams = new Row[heads.size() * perHead];
    int k = 0;
    for (ExampleAnalysis.HeadDiagrams h : heads) {
      for (PersistenceDiagram d : h.byDimension()) {
        diagrams[k++] = RowFactory.create(h.layer(), h.head(), d.dimension(), bars(d));
      }
    }
    return diagrams;
  }

  /** The kept token distance matrices, or null when they were not kept. */
  private static Row[] distanceRows(ExampleAnalysis.Result r) {
    List<ExampleAnalysis.HeadDiagrams> heads = r.diagrams();
    if (heads.isEmpty() || heads.get(0).distances() == null) {
      return null;
    }
    Row[] distances = new Row[heads.size()];
    for (int i = 0; i < distances.length; i++) {
      ExampleAnalysis.HeadDiagrams h = heads.get(i);
      distances[i] = RowFactory.create(h.layer(), h.head(), h.distances().toLowerTriangle());
    }
    return distances;
  }

  static Row[] bars(PersistenceDiagram d) {
    Row[] out = new Row[d.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = RowFactory.create(d.birth(i), d.isEssential(i) ? null : d.death(i));
    }
    return out;
  }

  /** Reads a bars array back into a diagram (NULL death = essential). */
  public static PersistenceDiagram diagram(int dim, List<Row> bars) {
    return org.attentiontopology.sql.SqlDiagrams.toDiagram(dim, bars);
  }
}
