package org.attentiontopology.job.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.tables.ExampleTables;
import org.attentiontopology.job.tables.HeadTables;
import org.attentiontopology.job.tables.OutputTables;
import org.attentiontopology.job.tables.TokenTables;

/**
 * Builds RUN_DIR/report/index.html from a run's tables: one self-contained page (plotly.js, styles,
 * script and data inlined) that opens from disk without a network. The data is gathered here in
 * Java (matrices, orders, MDS, dendrogram) and drawn by report.js.
 */
public final class RunReport {
  public static final String TEMPLATE = "/report/index.html";

  /**
   * What the report covers: how many examples (first by corpus order) the example explorer embeds.
   */
  public record Options(int examples) {
    public Options {
      if (examples < 1) {
        throw new IllegalArgumentException("--examples must be at least 1, got " + examples);
      }
    }
  }

  private RunReport() {}

  /**
   * The written page and what the reader should know about it (e.g. examples without distance
   * matrices).
   */
  public record Written(String path, List<String> notices) {}

  /** Writes the report and returns its path and notices. */
  public static Written write(SparkSession spark, String runDir, Options options) {
    RunTables tables = RunTables.open(spark, runDir);
    Map<String, Object> data = data(tables, options);
    String html = page(data);
    Path out = new Path(new Path(runDir, "report"), "index.html");
    try (OutputStream os = tables.fileSystem().create(out, true)) {
      os.write(html.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
    @SuppressWarnings("unchecked")
    List<String> notices = (List<String>) data.get("notices");
    return new Written(out.toString(), notices);
  }

  /** Everything the page shows, as a JSON-ready tree. */
  static Map<String, Object> data(RunTables tables, Options options) {
    Row run = latestBatch(tables.required(OutputTables.RUN));
    Dataset<Row> headDistances = tables.required(HeadTables.HEAD_DISTANCES);
    Dataset<Row> headDiagrams = tables.required(HeadTables.HEAD_DIAGRAMS);
    List<String> models = new ArrayList<>();
    for (Row r :
        headDistances
            .select("model")
            .union(headDiagrams.select("model"))
            .distinct()
            .orderBy("model")
            .collectAsList()) {
      models.add(r.getString(0));
    }
    if (models.isEmpty()) {
      throw new IllegalArgumentException(
          "RUN_DIR "
              + tables.root()
              + " has an empty head_distances table: no "
              + "example was analysed (see its errors table); fix the corpus or model and rerun");
    }
    Dataset<Row> examples = tables.required(ExampleTables.EXAMPLES);
    Dataset<Row> tokenDiagrams = tables.required(ExampleTables.TOKEN_DIAGRAMS);
    Dataset<Row> diagramDistances = tables.required(HeadTables.DIAGRAM_DISTANCES);
    Dataset<Row> tokenDistances = tables.optional(ExampleTables.TOKEN_DISTANCES);
    Dataset<Row> tokenAttention = tables.optional(TokenTables.TOKEN_ATTENTION);
    Dataset<Row> topAttended = tables.optional(TokenTables.TOP_ATTENDED);
    Dataset<Row> headStatsCorpus = tables.optional(TokenTables.HEAD_STATS_CORPUS);
    Dataset<Row> barcodeFeatures = tables.optional(ExampleTables.BARCODE_FEATURES);
    Dataset<Row> diagramStats = tables.optional(ExampleTables.DIAGRAM_STATS);
    List<String> notices = new ArrayList<>();

    Map<String, Object> byModel = new LinkedHashMap<>();
    for (String m : models) {
      Map<String, Object> model = new LinkedHashMap<>();
      Map<String, Object> heads =
          HeadCloud.build(RunTables.ofModel(headDistances, m), RunTables.ofModel(headDiagrams, m));
      model.put("heads", heads);
      @SuppressWarnings("unchecked")
      List<Integer> layers = (List<Integer>) heads.get("layer");
      @SuppressWarnings("unchecked")
      List<Integer> headNumbers = (List<Integer>) heads.get("head");
      model.put(
          "behaviour",
          HeadBehaviour.build(
              new HeadBehaviour.Tables(
                  ofModel(headStatsCorpus, m),
                  ofModel(barcodeFeatures, m),
                  ofModel(diagramStats, m)),
              layers,
              headNumbers));
      Map<String, Object> explorer =
          ExampleExplorer.build(
              new ExampleExplorer.Tables(
                  RunTables.ofModel(examples, m),
                  RunTables.ofModel(tokenDiagrams, m),
                  RunTables.ofModel(diagramDistances, m),
                  ofModel(tokenDistances, m),
                  ofModel(tokenAttention, m),
                  ofModel(topAttended, m)),
              options.examples());
      String missing =
          DistanceCoverage.notice(
              explorer, tokenDistances != null, run, tables.root(), options.examples());
      if (missing != null) {
        explorer.put("coverage", missing);
        notices.add((models.size() > 1 ? m + ": " : "") + missing);
      }
      model.put("explorer", explorer);
      byModel.put(m, model);
    }

    Map<String, Object> data = new LinkedHashMap<>();
    data.put("run", runSummary(run, tables));
    data.put("models", models);
    data.put("byModel", byModel);
    data.put(
        "has",
        Map.of(
            "tokenDistances",
            tokenDistances != null,
            "tokenAttention",
            tokenAttention != null,
            "modelDistances",
            tables.has(OutputTables.MODEL_DISTANCES),
            "topAttended",
            topAttended != null,
            "behaviour",
            headStatsCorpus != null || barcodeFeatures != null || diagramStats != null));
    data.put("notices", notices);
    data.put("modelDistances", modelDistances(tables));
    data.put("plotlyVersion", PlotlyBundle.version());
    return data;
  }

  private static Dataset<Row> ofModel(Dataset<Row> table, String model) {
    return table == null ? null : RunTables.ofModel(table, model);
  }

  private static Map<String, Object> runSummary(Row run, RunTables tables) {
    Map<String, Object> s = new LinkedHashMap<>();
    for (String field :
        List.of(
            "run_id",
            "corpus",
            "n_examples",
            "n_errors",
            "n_truncated",
            "log_base",
            "token_distance",
            "head_distance",
            "tokens_kept",
            "token_units",
            "max_dimension",
            "finished_at")) {
      if (!java.util.Arrays.asList(run.schema().fieldNames()).contains(field)) {
        continue;
      }
      int i = run.fieldIndex(field);
      s.put(field, run.isNullAt(i) ? null : String.valueOf(run.get(i)));
    }
    s.put("directory", tables.root());
    Dataset<Row> batches = tables.required(OutputTables.RUN);
    if (java.util.Arrays.asList(batches.columns()).contains("batch")) {
      // A run of several batches: the counts are the run's, over its batches (of one model).
      Row totals =
          (java.util.Arrays.asList(run.schema().fieldNames()).contains("model")
                  ? RunTables.ofModel(batches, run.getAs("model"))
                  : batches)
              .selectExpr("count(*)", "sum(n_examples)", "sum(n_errors)", "sum(n_truncated)")
              .first();
      if (totals.getLong(0) > 1) {
        s.put("batches", String.valueOf(totals.getLong(0)));
        s.put("n_examples", String.valueOf(totals.getLong(1)));
        s.put("n_errors", String.valueOf(totals.getLong(2)));
        s.put("n_truncated", String.valueOf(totals.getLong(3)));
      }
    }
    return s;
  }

  /** The run table's row of the last batch (the run's only row before appends existed). */
  private static Row latestBatch(Dataset<Row> run) {
    return java.util.Arrays.asList(run.columns()).contains("batch")
        ? run.orderBy(org.apache.spark.sql.functions.col("batch").desc()).first()
        : run.first();
  }

  private static List<Map<String, Object>> modelDistances(RunTables tables) {
    Dataset<Row> t = tables.optional(OutputTables.MODEL_DISTANCES);
    List<Map<String, Object>> out = new ArrayList<>();
    if (t == null) {
      return out;
    }
    for (Row r :
        t.select("model_a", "model_b", "dim", "bottleneck", "wasserstein")
            .orderBy("model_a", "model_b", "dim")
            .collectAsList()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model_a", r.getString(0));
      m.put("model_b", r.getString(1));
      m.put("dim", r.getInt(2));
      m.put("bottleneck", r.isNullAt(3) ? null : r.getDouble(3));
      m.put("wasserstein", r.isNullAt(4) ? null : r.getDouble(4));
      out.add(m);
    }
    return out;
  }

  /**
   * The page: template slots filled with styles, plotly.js and the data JSON (both gzipped), and
   * the script.
   */
  static String page(Map<String, Object> data) {
    @SuppressWarnings("unchecked")
    Map<String, Object> run = (Map<String, Object>) data.get("run");
    Map<String, String> slots = new LinkedHashMap<>();
    slots.put(
        "TITLE", HtmlTemplate.escapeHtml("Attention topology report: run " + run.get("run_id")));
    slots.put("CSS", HtmlTemplate.resource("/report/report.css"));
    slots.put("PLOTLY_GZIP", PlotlyBundle.gzipBase64());
    slots.put("REPORT_JS", HtmlTemplate.scriptText(HtmlTemplate.resource("/report/report.js")));
    slots.put("DATA_GZIP", GzipBase64.encode(ScriptJson.write(data)));
    return HtmlTemplate.of(TEMPLATE, HtmlTemplate.resource(TEMPLATE)).fill(slots);
  }
}
