package org.attentiontopology.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.diagram.BottleneckDistance;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two models over one corpus: every table holds both, partitioned by model, and model_distances
 * compares them.
 */
class MultiModelIntegrationTest {
  static SparkSession spark;
  static String runDir;
  @TempDir static Path tmp;

  @BeforeAll
  static void run() throws Exception {
    spark = LocalSpark.start(MultiModelIntegrationTest.class, 2);
    Path corpus =
        Files.write(
            tmp.resolve("c.txt"),
            List.of(
                "The cat sat on the mat.",
                "Rivers carry sediment to the sea.",
                "She asked whether the train had left.",
                "Numbers like 42 are small."));
    RunConfig config =
        RunConfig.load(
            null,
            List.of(
                "model=[all-minilm-l6-v2, bge-small-en-v1.5]",
                "token-analysis.top-k=0",
                "comparisons.pairs=none",
                "inference.work-dir=" + tmp.resolve("work")));
    runDir = tmp.resolve("run").toString();
    new RunJob(spark, config).run(corpus.toString(), runDir, false);
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void everyTableHoldsBothModels() {
    for (String t :
        List.of("run", "examples", "token_diagrams", "head_distances", "head_diagrams")) {
      List<String> models =
          spark
              .read()
              .parquet(runDir + "/" + t)
              .select("model")
              .distinct()
              .orderBy("model")
              .as(org.apache.spark.sql.Encoders.STRING())
              .collectAsList();
      assertEquals(List.of("all-minilm-l6-v2", "bge-small-en-v1.5"), models, t);
    }
    assertEquals(
        72 * 72,
        spark
            .read()
            .parquet(runDir + "/head_distances")
            .where("model = 'all-minilm-l6-v2'")
            .count());
    assertEquals(
        144 * 144,
        spark
            .read()
            .parquet(runDir + "/head_distances")
            .where("model = 'bge-small-en-v1.5'")
            .count());
    assertEquals(
        1, spark.read().parquet(runDir + "/run").select("run_id").distinct().count(), "one run id");
  }

  @Test
  void modelDistancesAreTheBottleneckOfTheMeanScaledHeadClouds() {
    List<Row> rows =
        spark.read().parquet(runDir + "/model_distances").orderBy("dim").collectAsList();
    assertEquals(2, rows.size(), "H0 and H1");
    for (Row r : rows) {
      int dim = r.getAs("dim");
      PersistenceDiagram a = headCloud("all-minilm-l6-v2", dim);
      PersistenceDiagram b = headCloud("bge-small-en-v1.5", dim);
      assertEquals(
          BottleneckDistance.distance(a, b), r.<Double>getAs("bottleneck"), 1e-12, "dim " + dim);
      assertTrue(r.<Double>getAs("bottleneck") <= r.<Double>getAs("wasserstein_2") + 1e-12);
    }
  }

  /**
   * The head cloud's diagram from head_diagrams, divided by the tokens summed over
   * (head_distances.n_tokens).
   */
  static PersistenceDiagram headCloud(String model, int dim) {
    long tokens =
        spark
            .read()
            .parquet(runDir + "/head_distances")
            .where("model = '" + model + "'")
            .first()
            .getAs("n_tokens");
    PersistenceDiagram.Builder b = new PersistenceDiagram.Builder(dim);
    for (Row r :
        spark
            .read()
            .parquet(runDir + "/head_diagrams")
            .where("model = '" + model + "' AND dim = " + dim)
            .collectAsList()) {
      double death =
          r.isNullAt(r.fieldIndex("death")) ? Double.POSITIVE_INFINITY : r.<Double>getAs("death");
      b.add(r.<Double>getAs("birth") / tokens, death / tokens);
    }
    return b.build();
  }
}
