package org.attentiontopology.job.stages;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.diagram.BottleneckDistance;
import org.attentiontopology.diagram.WassersteinDistance;
import org.attentiontopology.job.tables.HeadTables;
import org.attentiontopology.persistence.PersistenceDiagram;
import scala.Tuple2;

/**
 * Distances between the diagrams of pairs of examples, per layer, head and homology dimension
 * (never across dimensions: an H0 point and an H1 point describe different things). The pairs are
 * chosen by a join, so no example's diagrams ever reach the driver.
 */
public final class DiagramComparisons {
  private DiagramComparisons() {}

  /** The successful examples' diagrams, one row per (example_id, layer, head, dim, bars). */
  public static Dataset<Row> diagrams(Dataset<Row> analyzed) {
    return analyzed
        .where("error_stage IS NULL")
        .select(col("example_id"), explode(col("diagrams")).as("d"))
        .select(
            col("example_id"),
            col("d.layer").as("layer"),
            col("d.head").as("head"),
            col("d.dim").as("dim"),
            col("d.bars").as("bars"));
  }

  /**
   * Each successful example paired with the next one in corpus order; the windows of a split text
   * follow each other in window order, so each is compared with the next.
   */
  public static Dataset<Row> consecutivePairs(SparkSession spark, Dataset<Row> analyzed) {
    Dataset<Row> ordered =
        analyzed
            .where("error_stage IS NULL")
            .select("ordinal", "example_id", "window")
            .orderBy("ordinal", "window");
    JavaPairRDD<Row, Long> ranked = ordered.javaRDD().zipWithIndex();
    StructType schema =
        new StructType()
            .add("example_id", DataTypes.StringType, false)
            .add("rank", DataTypes.LongType, false);
    Dataset<Row> ranks =
        spark.createDataFrame(
            ranked.map((Tuple2<Row, Long> t) -> RowFactory.create(t._1().getString(1), t._2())),
            schema);
    return ranks
        .as("a")
        .join(ranks.as("b"), col("a.rank").plus(1).equalTo(col("b.rank")))
        .select(col("a.example_id").as("example_a"), col("b.example_id").as("example_b"));
  }

  /**
   * Every pair (a, b), a before b by (ordinal, window), of successful examples in the same
   * (non-null) group: the windows of one text are in its group and are compared with each other
   * too.
   */
  public static Dataset<Row> groupPairs(Dataset<Row> analyzed) {
    Dataset<Row> ok =
        analyzed
            .where("error_stage IS NULL AND `group` IS NOT NULL")
            .select("example_id", "ordinal", "window", "group");
    return ok.as("a")
        .join(
            ok.as("b"),
            col("a.group")
                .equalTo(col("b.group"))
                .and(
                    col("a.ordinal")
                        .lt(col("b.ordinal"))
                        .or(
                            col("a.ordinal")
                                .equalTo(col("b.ordinal"))
                                .and(col("a.window").lt(col("b.window"))))))
        .select(col("a.example_id").as("example_a"), col("b.example_id").as("example_b"));
  }

  /**
   * Every successful example against the reference example (which must exist and have been
   * analysed).
   */
  public static Dataset<Row> referencePairs(Dataset<Row> analyzed, String reference) {
    Dataset<Row> ok = analyzed.where("error_stage IS NULL").select("example_id");
    if (ok.where(col("example_id").equalTo(reference)).isEmpty()) {
      throw new IllegalArgumentException(
          "comparisons.reference names example '"
              + reference
              + "', which is not "
              + "among the analysed examples: give the id of an example of this corpus (see the examples table)");
    }
    return ok.where(col("example_id").notEqual(reference))
        .select(
            org.apache.spark.sql.functions.lit(reference).as("example_a"),
            col("example_id").as("example_b"));
  }

  /**
   * The pairs of a CSV file with a header example_a,example_b; pairs naming unknown examples are
   * dropped.
   */
  public static Dataset<Row> filePairs(SparkSession spark, String file) {
    if (!org.attentiontopology.job.tables.StoragePaths.exists(
        file, spark.sparkContext().hadoopConfiguration())) {
      throw new IllegalArgumentException(
          "pairs file " + file + " does not exist or cannot be read");
    }
    Dataset<Row> pairs = spark.read().option("header", "true").csv(file);
    if (!java.util.List.of(pairs.columns())
        .containsAll(java.util.List.of("example_a", "example_b"))) {
      throw new IllegalArgumentException(
          "pairs file "
              + file
              + " must have a header line naming the columns "
              + "example_a and example_b; it has "
              + java.util.Arrays.toString(pairs.columns()));
    }
    return pairs.select("example_a", "example_b").distinct();
  }

  /** Diagram distances for the given pairs (columns example_a, example_b). */
  public static Dataset<Row> compare(
      Dataset<Row> diagrams, Dataset<Row> pairs, boolean wasserstein) {
    Dataset<Row> a = diagrams.as("da");
    Dataset<Row> b = diagrams.as("db");
    Dataset<Row> joined =
        pairs
            .as("p")
            .join(a, col("p.example_a").equalTo(col("da.example_id")))
            .join(
                b,
                col("p.example_b")
                    .equalTo(col("db.example_id"))
                    .and(col("da.layer").equalTo(col("db.layer")))
                    .and(col("da.head").equalTo(col("db.head")))
                    .and(col("da.dim").equalTo(col("db.dim"))))
            .select(
                col("p.example_a"),
                col("p.example_b"),
                col("da.layer"),
                col("da.head"),
                col("da.dim"),
                col("da.bars").as("bars_a"),
                col("db.bars").as("bars_b"));
    return joined.map(
        (org.apache.spark.api.java.function.MapFunction<Row, Row>) r -> distanceRow(r, wasserstein),
        Encoders.row(HeadTables.DIAGRAM_DISTANCES.schema()));
  }

  private static Row distanceRow(Row r, boolean wasserstein) {
    int dim = r.getInt(4);
    PersistenceDiagram a = AnalyzedExample.diagram(dim, r.<Row>getList(5));
    PersistenceDiagram b = AnalyzedExample.diagram(dim, r.<Row>getList(6));
    double d = BottleneckDistance.distance(a, b);
    boolean mismatch = Double.isInfinite(d);
    Double w1 = null;
    Double w2 = null;
    if (wasserstein && !mismatch) {
      w1 = WassersteinDistance.distance(a, b, 1);
      w2 = WassersteinDistance.distance(a, b, 2);
    }
    return RowFactory.create(
        r.getString(0),
        r.getString(1),
        r.getInt(2),
        r.getInt(3),
        dim,
        mismatch ? null : d,
        w1,
        w2,
        mismatch);
  }
}
