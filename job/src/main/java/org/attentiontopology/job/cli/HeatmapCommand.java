package org.attentiontopology.job.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.tokens.TextHeatmap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `attention-topology heatmap`: an example's text coloured by the attention its tokens receive,
 * from a run's token_attention table, as a standalone HTML page or a LaTeX document (like the
 * notebooks').
 */
@Command(
    name = "heatmap",
    mixinStandardHelpOptions = true,
    description =
        "Colour an example's tokens by the attention they receive (token_attention table).")
public final class HeatmapCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "RUN_DIR",
      description = "A run directory written by `run`.")
  String runDir;

  @Option(names = "--example", required = true, paramLabel = "ID", description = "The example_id.")
  String example;

  @Option(
      names = "--layer",
      paramLabel = "L",
      description =
          "0-based layer; with --head, one head. Default: all " + "layers and heads summed.")
  Integer layer;

  @Option(names = "--head", paramLabel = "H", description = "0-based head (needs --layer).")
  Integer head;

  @Option(
      names = "--weighted",
      description =
          "Use the head-importance weighted sum (the run must have been given "
              + "token-analysis.head-importance).")
  boolean weighted;

  @Option(
      names = "--format",
      defaultValue = "html",
      paramLabel = "html|latex",
      description = "Output format. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Write here instead of standard output.")
  Path out;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "The model, when the run has several.")
  String model;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("html") && !format.equals("latex")) {
      throw new IllegalArgumentException("--format must be html or latex, got '" + format + "'");
    }
    if ((layer == null) != (head == null)) {
      throw new IllegalArgumentException(
          "give both --layer and --head for one head, or neither for the sum over " + "all heads");
    }
    if (weighted && layer != null) {
      throw new IllegalArgumentException(
          "--weighted is the sum over all heads; leave out --layer and --head");
    }
    String table = new org.apache.hadoop.fs.Path(runDir, "token_attention").toString();
    if (!org.attentiontopology.job.tables.StoragePaths.exists(
        table, new org.apache.hadoop.conf.Configuration())) {
      throw new IllegalArgumentException(
          runDir
              + " has no token_attention table: run `attention-topology run` "
              + "first (and check that it finished: a finished run has a run table)");
    }
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .appName("attention-topology heatmap")
            .config("spark.ui.enabled", "false")
            .getOrCreate();
    try {
      Dataset<Row> all = spark.read().parquet(table);
      List<String> models =
          all.select("model")
              .distinct()
              .orderBy("model")
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList();
      if (model == null && models.size() > 1) {
        throw new IllegalArgumentException(
            "run " + runDir + " has several models " + models + ": choose one with " + "--model");
      }
      if (model != null && !models.contains(model)) {
        throw new IllegalArgumentException(
            "run " + runDir + " has no model '" + model + "'; it has " + models);
      }
      Dataset<Row> rows =
          (model == null
                  ? all
                  : all.where(org.apache.spark.sql.functions.col("model").equalTo(model)))
              .where(org.apache.spark.sql.functions.col("example_id").equalTo(example))
              .where(
                  "layer = "
                      + (layer == null ? -1 : layer)
                      + " AND head = "
                      + (head == null ? -1 : head)
                      + " AND weighted = "
                      + weighted)
              .orderBy("position");
      List<Row> list = rows.select("token", "received").collectAsList();
      if (list.isEmpty()) {
        throw new IllegalArgumentException(
            "no token_attention rows for example '"
                + example
                + "'"
                + (layer == null ? "" : " at layer " + layer + ", head " + head)
                + (weighted ? " (weighted: was the run given token-analysis.head-importance?)" : "")
                + "; list the ids with: SELECT example_id FROM examples");
      }
      String[] tokens = new String[list.size()];
      double[] weights = new double[list.size()];
      double max = 0;
      for (int i = 0; i < tokens.length; i++) {
        tokens[i] = list.get(i).getString(0);
        weights[i] = list.get(i).getDouble(1);
        max = Math.max(max, weights[i]);
      }
      String title =
          "Attention received, example "
              + example
              + (layer == null
                  ? (weighted ? ", all heads weighted by importance" : ", all heads")
                  : ", layer " + layer + ", head " + head);
      String document =
          format.equals("html")
              ? TextHeatmap.htmlDocument(title, tokens, weights, max)
              : TextHeatmap.latexDocument(tokens, weights, max);
      if (out == null) {
        System.out.print(document);
      } else {
        Files.writeString(out, document, StandardCharsets.UTF_8);
        System.err.println("wrote " + out);
      }
      return 0;
    } finally {
      spark.stop();
    }
  }
}
