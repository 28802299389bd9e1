package org.attentiontopology.job.report;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.stages.DiagramStats;
import org.attentiontopology.job.stages.HeadStatistics;
import org.attentiontopology.job.tables.ExampleTables;
import org.attentiontopology.job.tables.HeadTables;
import org.attentiontopology.job.tables.OutputTables;
import org.attentiontopology.job.tables.RunManifest;
import org.attentiontopology.job.tables.TokenTables;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.attentiontopology.persistence.ZeroDimensionalPersistence;

/**
 * A small run directory with the exact schemas of docs/tables.md (the job's own schema constants
 * wherever they exist), plus the optional tables the report reads: token_distances, token_attention
 * and model_distances. The numbers are synthetic but consistent: distances come from random points,
 * H0 diagrams and head merges from the project's single-linkage code, so the report sees what a
 * real run would give it. The texts carry hostile strings (a script tag and an ampersand) to prove
 * the page treats them as text.
 */
final class SyntheticRun {
  static final String RUN_ID = "0123456789abcdef";
  static final String HOSTILE_TOKEN = "<script>alert(1)</script>";

  /** One model's shape. */
  record Model(String name, int layers, int heads) {}

  /** One example: its text and tokens (all kept as points). */
  record Example(String id, long ordinal, String text, List<String> tokens) {}

  static final List<Example> EXAMPLES =
      List.of(
          new Example(
              "ex-cat",
              0,
              "The cat sat on the mat.",
              List.of("[CLS]", "the", "cat", "sat", "on", "the", "mat", ".", "[SEP]")),
          new Example(
              "ex-hostile",
              1,
              "Tom & Jerry " + HOSTILE_TOKEN + " ran.",
              List.of("[CLS]", "tom", "&", "jerry", HOSTILE_TOKEN, "ran", ".", "[SEP]")),
          new Example(
              "ex-rain",
              2,
              "Rain fell all night over the quiet town.",
              List.of(
                  "[CLS]", "rain", "fell", "all", "night", "over", "the", "quiet", "town", ".",
                  "[SEP]")),
          new Example(
              "ex-short", 3, "Hello world.", List.of("[CLS]", "hello", "world", ".", "[SEP]")));

  private final SparkSession spark;
  private final Path root;
  private final boolean optionalTables;
  private final List<Model> models;
  private final Random random = new Random(20261123L);

  /** Links per attending token in top_attended. */
  static final int TOP_K = 3;

  /**
   * How many examples (first by ordinal) get token_distances rows, as the run's report.examples
   * would.
   */
  int distanceExamples = EXAMPLES.size();

  /** Head distance matrices (heads in layer order) as written, per model. */
  private final Map<String, DistanceMatrix> headDistances = new LinkedHashMap<>();

  /** Token distance matrices as written, so tests can check the page against them. */
  final Map<String, double[]> tokenDistances = new LinkedHashMap<>();

  SyntheticRun(SparkSession spark, Path root, List<Model> models, boolean optionalTables) {
    this.spark = spark;
    this.root = root;
    this.models = models;
    this.optionalTables = optionalTables;
  }

  static String key(String model, String example, int layer, int head) {
    return model + "/" + example + "/" + layer + "/" + head;
  }

  void write() {
    List<Row> examples = new ArrayList<>();
    List<Row> tokenDiagrams = new ArrayList<>();
    List<Row> tokenDistanceRows = new ArrayList<>();
    List<Row> attention = new ArrayList<>();
    List<Row> headDistances = new ArrayList<>();
    List<Row> headDiagrams = new ArrayList<>();
    List<Row> diagramDistances = new ArrayList<>();
    List<Row> top = new ArrayList<>();
    List<Row> headStats = new ArrayList<>();
    long tokens = EXAMPLES.stream().mapToLong(e -> e.tokens().size()).sum();
    for (Model m : models) {
      for (Example e : EXAMPLES) {
        int n = e.tokens().size();
        Integer[] kept = new Integer[n];
        for (int i = 0; i < n; i++) {
          kept[i] = i;
        }
        examples.add(
            row(
                m,
                e.id(),
                e.ordinal(),
                0,
                1,
                "corpus.txt",
                null,
                null,
                e.text(),
                n,
                n,
                n,
                false,
                e.tokens().toArray(new String[0]),
                kept));
        double[] weightedSum = new double[n];
        for (int layer = 0; layer < m.layers(); layer++) {
          double[] layerSum = new double[n];
          for (int head = 0; head < m.heads(); head++) {
            double[] lower = randomDistances(n, 4);
            tokenDistances.put(key(m.name(), e.id(), layer, head), lower);
            if (e.ordinal() < distanceExamples) {
              tokenDistanceRows.add(row(m, e.id(), layer, head, n, boxed(lower)));
            }
            PersistenceDiagram h0 =
                ZeroDimensionalPersistence.diagram(DistanceMatrix.fromLowerTriangle(n, lower));
            tokenDiagrams.add(
                row(m, e.id(), layer, head, 0, h0.size(), h0.essentialCount(), bars(h0)));
            // A synthetic H1 loop, born at one of the matrix's distances as a real one would be.
            double birth = lower[lower.length / 2];
            Row[] h1 = {RowFactory.create(birth, birth + 0.05)};
            tokenDiagrams.add(row(m, e.id(), layer, head, 1, 1, 0, h1));
            topAttended(top, m, e, layer, head);
            double[] received = randomReceived(n);
            addAttention(attention, m, e, layer, head, received, false);
            for (int i = 0; i < n; i++) {
              layerSum[i] += received[i];
              weightedSum[i] += received[i] * (1 + head);
            }
          }
          addAttention(attention, m, e, layer, -1, layerSum, false);
        }
        double[] all = new double[n];
        for (Row r : attention) {
          if (r.getString(1).equals(m.name())
              && r.getString(2).equals(e.id())
              && r.getInt(4) == -1) {
            all[r.getInt(5)] += r.getDouble(7);
          }
        }
        addAttention(attention, m, e, -1, -1, all, false);
        addAttention(attention, m, e, -1, -1, weightedSum, true);
      }
      headTables(m, tokens, headDistances, headDiagrams);
      for (int layer = 0; layer < m.layers(); layer++) {
        for (int head = 0; head < m.heads(); head++) {
          Object[] v = new Object[HeadStatistics.ALL.size() + 4];
          v[0] = layer;
          v[1] = head;
          for (int k = 0; k < HeadStatistics.ALL.size(); k++) {
            v[2 + k] = headStatistic(layer, head, k);
          }
          v[v.length - 2] = (long) EXAMPLES.size();
          v[v.length - 1] = tokens;
          headStats.add(row(m, v));
        }
      }
      for (int k = 0; k + 1 < EXAMPLES.size(); k++) {
        for (int layer = 0; layer < m.layers(); layer++) {
          for (int head = 0; head < m.heads(); head++) {
            for (int dim = 0; dim <= 1; dim++) {
              // One pair stands for diagrams whose essential counts differ: bottleneck NULL, as the
              // job writes it.
              boolean mismatch = dim == 1 && k == EXAMPLES.size() - 2 && head == 0;
              diagramDistances.add(
                  row(
                      m,
                      EXAMPLES.get(k).id(),
                      EXAMPLES.get(k + 1).id(),
                      layer,
                      head,
                      dim,
                      mismatch ? null : 0.01 + random.nextDouble() * 0.3,
                      mismatch ? null : 0.5 + random.nextDouble(),
                      mismatch ? null : 0.3 + random.nextDouble() * 0.2,
                      mismatch));
            }
          }
        }
      }
    }
    save("examples", examplesSchema(), examples);
    save(
        "errors",
        errorsSchema(),
        List.of(
            row(
                models.get(0),
                "line-7",
                7L,
                0,
                "corpus.txt",
                "corpus",
                "InvalidExample",
                "empty text: the line is blank")));
    save("token_diagrams", tokenDiagramsSchema(), tokenDiagrams);
    save("head_distances", HeadTables.HEAD_DISTANCES.schema(), headDistances);
    save("head_diagrams", HeadTables.HEAD_DIAGRAMS.schema(), headDiagrams);
    save("diagram_distances", HeadTables.DIAGRAM_DISTANCES.schema(), diagramDistances);
    if (optionalTables) {
      save(
          "token_distances",
          new StructType()
              .add("example_id", StringType, false)
              .add("layer", IntegerType, false)
              .add("head", IntegerType, false)
              .add("n_points", IntegerType, false)
              .add("distances", createArrayType(DoubleType, false), false),
          tokenDistanceRows);
      save(
          "token_attention",
          new StructType()
              .add("example_id", StringType, false)
              .add("layer", IntegerType, false)
              .add("head", IntegerType, false)
              .add("position", IntegerType, false)
              .add("token", StringType, false)
              .add("received", DoubleType, false)
              .add("weighted", BooleanType, false),
          attention);
      save(
          "top_attended",
          new StructType()
              .add("example_id", StringType, false)
              .add("layer", IntegerType, false)
              .add("head", IntegerType, false)
              .add("from_pos", IntegerType, false)
              .add("from_token", StringType, false)
              .add("to_pos", createArrayType(IntegerType, false), false)
              .add("to_token", createArrayType(StringType, false), false)
              .add("weight", createArrayType(FloatType, false), false),
          top);
      save(TokenTables.HEAD_STATS_CORPUS.name(), TokenTables.HEAD_STATS_CORPUS.schema(), headStats);
      // diagram_stats and barcode_features by the job's own code, from the token diagrams written
      // above.
      Dataset<Row> diagrams =
          spark
              .read()
              .parquet(root.resolve("token_diagrams").toString())
              .select("example_id", "layer", "head", "dim", "bars", "model");
      for (Model m : models) {
        List<Row> own =
            diagrams
                .where(functions.col("model").equalTo(m.name()))
                .orderBy("example_id", "layer", "head", "dim")
                .collectAsList();
        List<Row> stats = new ArrayList<>();
        List<Row> features = new ArrayList<>();
        Row h0 = null;
        for (Row r : own) {
          PersistenceDiagram d =
              org.attentiontopology.job.stages.AnalyzedExample.diagram(r.getInt(3), r.getList(4));
          stats.add(
              withId(
                  r.getString(0),
                  DiagramStats.row(r.getInt(1), r.getInt(2), d, new double[] {0.25, 0.5, 0.75})));
          if (r.getInt(3) == 0) {
            h0 = r;
          } else if (r.getInt(3) == 1) {
            features.add(
                withId(
                    r.getString(0),
                    DiagramStats.barcodeRow(
                        r.getInt(1),
                        r.getInt(2),
                        org.attentiontopology.job.stages.AnalyzedExample.diagram(0, h0.getList(4)),
                        d)));
          }
        }
        append(
            "diagram_stats", spark.createDataFrame(stats, ExampleTables.DIAGRAM_STATS.schema()), m);
        append(
            "barcode_features",
            spark.createDataFrame(features, ExampleTables.BARCODE_FEATURES.schema()),
            m);
      }
      if (models.size() == 2) {
        List<Row> md = new ArrayList<>();
        for (int dim = 0; dim <= 1; dim++) {
          md.add(
              RowFactory.create(
                  RUN_ID, models.get(0).name(), models.get(1).name(), dim, 0.12 + dim, 0.5 + dim));
        }
        spark
            .createDataFrame(
                md,
                new StructType()
                    .add("run_id", StringType, false)
                    .add("model_a", StringType, false)
                    .add("model_b", StringType, false)
                    .add("dim", IntegerType, false)
                    .add("bottleneck", DoubleType, true)
                    .add("wasserstein", DoubleType, true))
            .coalesce(1)
            .write()
            .parquet(root.resolve("model_distances").toString());
      }
    }
    // Written last, as the job does: the run table marks a finished run.
    RunManifest manifest =
        new RunManifest(
            RunConfig.load(null, List.of("report.examples=" + distanceExamples)),
            root.resolve("corpus.txt").toString(),
            Instant.parse("2026-11-23T20:00:00Z"),
            Instant.parse("2026-11-23T20:01:00Z"),
            60.0,
            EXAMPLES.size() + 1,
            1,
            0,
            Map.of("examples", (long) EXAMPLES.size()),
            Map.of("inference_and_analysis", 1.0),
            "truncate to 256 tokens (flagged truncated)");
    save("run", OutputTables.RUN.schema(), List.of(withModel(models.get(0), manifest.row())));
  }

  /** The head_distances distance between heads i and j (numbered in layer order) of a model. */
  double headDistance(String model, int i, int j) {
    return headDistances.get(model).get(i, j);
  }

  /** Tokens of the corpus, the n_tokens of head_distances. */
  long tokens() {
    return EXAMPLES.stream().mapToLong(e -> e.tokens().size()).sum();
  }

  /**
   * A statistic of head_stats_corpus with a value that names its head, so tests can find it on the
   * page.
   */
  static double headStatistic(int layer, int head, int statistic) {
    return 0.1 * layer + 0.01 * head + 0.001 * statistic;
  }

  /**
   * Each token's TOP_K strongest links in a random row-stochastic attention, ties to the lower
   * position.
   */
  private void topAttended(List<Row> out, Model m, Example e, int layer, int head) {
    int n = e.tokens().size();
    for (int from = 0; from < n; from++) {
      double[] row = new double[n];
      double sum = 0;
      for (int j = 0; j < n; j++) {
        row[j] = Math.pow(random.nextDouble(), 4);
        sum += row[j];
      }
      Integer[] order = new Integer[n];
      for (int j = 0; j < n; j++) {
        row[j] /= sum;
        order[j] = j;
      }
      final double[] weights = row;
      Arrays.sort(
          order,
          (a, b) -> weights[a] != weights[b] ? Double.compare(weights[b], weights[a]) : a - b);
      int k = Math.min(TOP_K, n);
      int[] to = new int[k];
      String[] toTokens = new String[k];
      float[] w = new float[k];
      for (int rank = 0; rank < k; rank++) {
        to[rank] = order[rank];
        toTokens[rank] = e.tokens().get(order[rank]);
        w[rank] = (float) weights[order[rank]];
      }
      out.add(row(m, e.id(), layer, head, from, e.tokens().get(from), to, toTokens, w));
    }
  }

  /** Appends a table computed by Spark, with run_id and model first as RunDirectory writes it. */
  /** The row with the example's id before its values, as the per-example tables hold it. */
  private static Row withId(String exampleId, Row values) {
    Object[] v = new Object[values.size() + 1];
    v[0] = exampleId;
    for (int i = 0; i < values.size(); i++) {
      v[i + 1] = values.get(i);
    }
    return RowFactory.create(v);
  }

  private void append(String table, Dataset<Row> rows, Model m) {
    rows.select(
            functions.lit(RUN_ID).as("run_id"),
            functions.lit(m.name()).as("model"),
            functions.col("*"))
        .coalesce(1)
        .write()
        .mode("append")
        .parquet(root.resolve(table).toString());
  }

  /**
   * The head cloud: points in R^3 drifting with the layer, Euclidean distances, H0 by single
   * linkage.
   */
  private void headTables(Model m, long tokens, List<Row> distances, List<Row> diagrams) {
    int n = m.layers() * m.heads();
    double[][] p = new double[n][3];
    for (int i = 0; i < n; i++) {
      int layer = i / m.heads();
      p[i] =
          new double[] {
            layer * 1.5 + random.nextGaussian() * 0.4,
            random.nextGaussian(),
            random.nextGaussian() * 0.3
          };
    }
    double[] lower = new double[(int) DistanceMatrix.triangleLength(n)];
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        lower[i * (i - 1) / 2 + j] = euclid(p[i], p[j]) * tokens;
      }
    }
    DistanceMatrix d = DistanceMatrix.fromLowerTriangle(n, lower);
    headDistances.put(m.name(), d);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        distances.add(
            row(
                m,
                i / m.heads(),
                i % m.heads(),
                j / m.heads(),
                j % m.heads(),
                d.get(i, j),
                d.get(i, j) / tokens,
                d.get(i, j) * 0.7,
                tokens));
      }
    }
    ZeroDimensionalPersistence.Result h0 =
        ZeroDimensionalPersistence.compute(d, Double.POSITIVE_INFINITY);
    for (int k = 0; k < h0.merges(); k++) {
      int a = Math.min(h0.mergeFrom()[k], h0.mergeTo()[k]);
      int b = Math.max(h0.mergeFrom()[k], h0.mergeTo()[k]);
      double death = h0.mergeLength()[k];
      diagrams.add(
          row(
              m,
              0,
              0.0,
              death,
              false,
              death,
              a / m.heads(),
              a % m.heads(),
              b / m.heads(),
              b % m.heads()));
    }
    diagrams.add(row(m, 0, 0.0, null, true, null, null, null, null, null));
    double birth = lower[lower.length / 3];
    diagrams.add(row(m, 1, birth, birth * 1.2, false, birth * 0.2, null, null, null, null));
  }

  private void addAttention(
      List<Row> out, Model m, Example e, int layer, int head, double[] received, boolean weighted) {
    for (int i = 0; i < received.length; i++) {
      out.add(row(m, e.id(), layer, head, i, e.tokens().get(i), received[i], weighted));
    }
  }

  /** Distances between random points in R^dim, scaled into (0, 1] like JS distances. */
  private double[] randomDistances(int n, int dim) {
    double[][] p = new double[n][dim];
    for (double[] x : p) {
      for (int k = 0; k < dim; k++) {
        x[k] = random.nextDouble();
      }
    }
    double[] lower = new double[n * (n - 1) / 2];
    double max = 0;
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        lower[i * (i - 1) / 2 + j] = euclid(p[i], p[j]);
        max = Math.max(max, lower[i * (i - 1) / 2 + j]);
      }
    }
    for (int k = 0; k < lower.length; k++) {
      lower[k] /= max;
    }
    return lower;
  }

  /** Column sums of a random row-stochastic matrix: they add up to n. */
  private double[] randomReceived(int n) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      double[] row = new double[n];
      double sum = 0;
      for (int j = 0; j < n; j++) {
        row[j] = Math.pow(random.nextDouble(), 3);
        sum += row[j];
      }
      for (int j = 0; j < n; j++) {
        out[j] += row[j] / sum;
      }
    }
    return out;
  }

  private static double euclid(double[] a, double[] b) {
    double s = 0;
    for (int k = 0; k < a.length; k++) {
      s += (a[k] - b[k]) * (a[k] - b[k]);
    }
    return Math.sqrt(s);
  }

  private static Row[] bars(PersistenceDiagram d) {
    Row[] out = new Row[d.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = RowFactory.create(d.birth(i), d.isEssential(i) ? null : d.death(i));
    }
    return out;
  }

  private static Double[] boxed(double[] a) {
    return Arrays.stream(a).boxed().toArray(Double[]::new);
  }

  private static Row row(Model m, Object... values) {
    Object[] all = new Object[values.length + 2];
    all[0] = RUN_ID;
    all[1] = m.name();
    System.arraycopy(values, 0, all, 2, values.length);
    return RowFactory.create(all);
  }

  private static Row withModel(Model m, Row r) {
    Object[] values = new Object[r.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = r.get(i);
    }
    return row(m, values);
  }

  /** Writes a table the way RunDirectory does: run_id and model first. */
  private void save(String table, StructType schema, List<Row> rows) {
    StructType full =
        new StructType().add("run_id", StringType, false).add("model", StringType, false);
    for (StructField f : schema.fields()) {
      full = full.add(f);
    }
    spark.createDataFrame(rows, full).coalesce(1).write().parquet(root.resolve(table).toString());
  }

  private static StructType examplesSchema() {
    return ExampleTables.EXAMPLES.schema();
  }

  private static StructType errorsSchema() {
    return ExampleTables.ERRORS.schema();
  }

  private static StructType tokenDiagramsSchema() {
    return ExampleTables.TOKEN_DIAGRAMS.schema();
  }
}
