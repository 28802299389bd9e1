package org.attentiontopology.job.stages;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.diagram.BarcodeFeatures;
import org.attentiontopology.diagram.DiagramStatistics;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * The diagram_stats table: summary numbers of every token diagram (one row per example, layer, head
 * and dimension), computed from the diagrams themselves, so no per-example state beyond them is
 * needed.
 */
public final class DiagramStats {
  private DiagramStats() {}

  public static final StructType SCHEMA =
      new StructType()
          .add("example_id", StringType, false)
          .add("layer", IntegerType, false)
          .add("head", IntegerType, false)
          .add("dim", IntegerType, false)
          .add("n_bars", IntegerType, false)
          .add("n_finite", IntegerType, false)
          .add("total_persistence", DoubleType, false)
          .add("max_persistence", DoubleType, false)
          .add("persistence_entropy", DoubleType, false)
          .add("mean_persistence", DoubleType, false)
          .add("persistence_variance", DoubleType, false)
          .add("birth_of_longest", DoubleType, false)
          .add("death_of_longest", DoubleType, false)
          .add("betti_thresholds", createArrayType(DoubleType, false), false)
          .add("betti", createArrayType(IntegerType, false), false);

  /** From rows (example_id, layer, head, dim, bars). */
  public static Dataset<Row> of(Dataset<Row> diagrams, double[] thresholds) {
    return diagrams.map((MapFunction<Row, Row>) r -> row(r, thresholds), Encoders.row(SCHEMA));
  }

  /**
   * Column names of the barcode_features table's Kushnareva et al. features ('.' in their names
   * becomes '_').
   */
  static StructType barcodeFeaturesSchema() {
    StructType s =
        new StructType()
            .add("example_id", StringType, false)
            .add("layer", IntegerType, false)
            .add("head", IntegerType, false);
    for (String name : BarcodeFeatures.KUSHNAREVA_NAMES) {
      s = s.add(name.replace('.', '_'), DoubleType, false);
    }
    return s;
  }

  /**
   * The 14 barcode features of Kushnareva et al. 2021 per example, layer and head, from its H0 and
   * H1 diagrams (rows of {@link DiagramComparisons#diagrams}); needs persistence.max-dimension >=
   * 1.
   */
  public static Dataset<Row> barcodeFeatures(Dataset<Row> diagrams) {
    Dataset<Row> h0 =
        diagrams.where("dim = 0").selectExpr("example_id", "layer", "head", "bars AS h0");
    Dataset<Row> h1 =
        diagrams.where("dim = 1").selectExpr("example_id", "layer", "head", "bars AS h1");
    Dataset<Row> both =
        h0.join(
            h1,
            scala.jdk.javaapi.CollectionConverters.asScala(
                    java.util.List.of("example_id", "layer", "head"))
                .toSeq());
    return both.map(
        (MapFunction<Row, Row>)
            r -> {
              double[] f =
                  BarcodeFeatures.kushnareva14(
                      AnalyzedExample.diagram(0, r.<Row>getList(3)),
                      AnalyzedExample.diagram(1, r.<Row>getList(4)));
              Object[] v = new Object[3 + f.length];
              v[0] = r.getString(0);
              v[1] = r.getInt(1);
              v[2] = r.getInt(2);
              for (int i = 0; i < f.length; i++) {
                v[3 + i] = f[i];
              }
              return RowFactory.create(v);
            },
        Encoders.row(barcodeFeaturesSchema()));
  }

  static Row row(Row r, double[] thresholds) {
    int dim = r.getInt(3);
    PersistenceDiagram d = AnalyzedExample.diagram(dim, r.<Row>getList(4));
    DiagramStatistics s = DiagramStatistics.of(d);
    BarcodeFeatures f = BarcodeFeatures.of(d);
    return RowFactory.create(
        r.getString(0),
        r.getInt(1),
        r.getInt(2),
        dim,
        s.barCount(),
        s.finiteBarCount(),
        s.totalPersistence(),
        s.maxPersistence(),
        s.entropy(),
        f.mean(),
        f.variance(),
        f.birthOfLongest(),
        f.deathOfLongest(),
        thresholds,
        DiagramStatistics.bettiCurve(d, thresholds));
  }
}
