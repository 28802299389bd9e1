package org.attentiontopology.job.stages;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.attentiontopology.diagram.BarcodeFeatures;
import org.attentiontopology.diagram.DiagramStatistics;
import org.attentiontopology.job.tables.ExampleTables;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * The diagram_stats table: summary numbers of every token diagram (one row per example, layer, head
 * and dimension), computed from the diagrams themselves, so no per-example state beyond them is
 * needed.
 */
public final class DiagramStats {
  private DiagramStats() {}

  /** From rows (example_id, layer, head, dim, bars). */
  public static Dataset<Row> of(Dataset<Row> diagrams, double[] thresholds) {
    return diagrams.map(
        (MapFunction<Row, Row>) r -> row(r, thresholds),
        Encoders.row(ExampleTables.DIAGRAM_STATS.schema()));
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
        Encoders.row(ExampleTables.BARCODE_FEATURES.schema()));
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
