package org.attentiontopology.job.stages;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * The one row per example that inference and analysis produce. It is persisted, so the model runs
 * once, and every table is a projection of it. A failed example keeps its identity and carries the
 * error instead of results.
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

  public static final StructType SCHEMA =
      TokenStatistics.addColumns(
              new StructType()
                  .add("example_id", StringType, false)
                  .add("ordinal", LongType, false)
                  .add("window", IntegerType, false)
                  .add("n_windows", IntegerType, false)
                  .add("source", StringType, false)
                  .add("text", StringType, true)
                  .add("label", StringType, true)
                  .add("group", StringType, true)
                  .add("n_tokens", IntegerType, true)
                  .add("n_points", IntegerType, true)
                  .add("untruncated_tokens", IntegerType, true)
                  .add("truncated", BooleanType, true)
                  .add("tokens", createArrayType(StringType, false), true)
                  .add("kept_positions", createArrayType(IntegerType, false), true)
                  .add("diagrams", createArrayType(HEAD_DIAGRAM, false), true)
                  .add("token_distances", createArrayType(TOKEN_DISTANCES, false), true)
                  .add("head_js_distance", createArrayType(DoubleType, false), true)
                  .add("head_js_divergence", createArrayType(DoubleType, false), true))
          .add("error_stage", StringType, true)
          .add("error_class", StringType, true)
          .add("error_message", StringType, true);

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

  private static final int IDENTITY_COLUMNS = 8;

  /** Where {@code window} and {@code n_windows} sit in {@link #SCHEMA}. */
  static final int WINDOW_AT = SCHEMA.fieldIndex("window");

  static final int N_WINDOWS_AT = SCHEMA.fieldIndex("n_windows");
  private static final int TOKEN_STATISTICS_AT = SCHEMA.fieldIndex("units");
  private static final int ERROR_AT = SCHEMA.fieldIndex("error_stage");

  private static Object[] start(Identity id) {
    Object[] v = new Object[SCHEMA.size()];
    v[0] = id.exampleId();
    v[1] = id.ordinal();
    v[2] = id.window();
    v[3] = id.nWindows();
    v[4] = id.source();
    v[5] = id.text();
    v[6] = id.label();
    v[7] = id.group();
    return v;
  }

  public static Row success(
      Identity id,
      String[] tokens,
      int untruncatedTokens,
      boolean truncated,
      ExampleAnalysis.Result r,
      Object[] tokenStatistics) {
    List<ExampleAnalysis.HeadDiagrams> heads = r.diagrams();
    int perHead = heads.isEmpty() ? 0 : heads.get(0).byDimension().size();
    Row[] diagrams = new Row[heads.size() * perHead];
    int k = 0;
    for (ExampleAnalysis.HeadDiagrams h : heads) {
      for (PersistenceDiagram d : h.byDimension()) {
        diagrams[k++] = RowFactory.create(h.layer(), h.head(), d.dimension(), bars(d));
      }
    }
    Row[] distances = null;
    if (!heads.isEmpty() && heads.get(0).distances() != null) {
      distances = new Row[heads.size()];
      for (int i = 0; i < distances.length; i++) {
        ExampleAnalysis.HeadDiagrams h = heads.get(i);
        distances[i] = RowFactory.create(h.layer(), h.head(), h.distances().toLowerTriangle());
      }
    }
    Object[] v = start(id);
    Object[] results = {
      tokens.length,
      r.tokens().tokens().length,
      untruncatedTokens,
      truncated,
      tokens,
      r.tokens().positions(),
      diagrams,
      distances,
      r.headSums().jsDistance(),
      r.headSums().jsDivergenceNats()
    };
    System.arraycopy(results, 0, v, IDENTITY_COLUMNS, results.length);
    System.arraycopy(tokenStatistics, 0, v, TOKEN_STATISTICS_AT, TokenStatistics.COLUMNS);
    return RowFactory.create(v);
  }

  public static Row failure(Identity id, String stage, String errorClass, String message) {
    Object[] v = start(id);
    v[ERROR_AT] = stage;
    v[ERROR_AT + 1] = errorClass;
    v[ERROR_AT + 2] = message;
    return RowFactory.create(v);
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
