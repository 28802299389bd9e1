package org.attentiontopology.job.stages;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
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
   * H1 diagrams; needs persistence.max-dimension >= 1. Read from each analysed example's own list
   * of diagrams, where a head's dimensions follow each other and the heads come in (layer, head)
   * order: no join of the H0 and H1 rows, and the examples' order by id carries over, so the rows
   * come out in the order of the table's key without a sort.
   *
   * @param succeeded analysed examples without an error (columns example_id and diagrams)
   */
  public static Dataset<Row> barcodeFeatures(Dataset<Row> succeeded) {
    return succeeded
        .select("example_id", "diagrams")
        .flatMap(
            (FlatMapFunction<Row, Row>) DiagramStats::barcodeFeatureRows,
            Encoders.row(ExampleTables.BARCODE_FEATURES.schema()));
  }

  private static Iterator<Row> barcodeFeatureRows(Row example) {
    String id = example.getString(0);
    List<Row> diagrams = example.getList(1);
    List<Row> out = new ArrayList<>();
    Row h0 = null;
    for (Row d : diagrams) {
      int dim = d.getInt(2);
      if (dim == 0) {
        h0 = d;
      } else if (dim == 1) {
        if (h0 == null || h0.getInt(0) != d.getInt(0) || h0.getInt(1) != d.getInt(1)) {
          throw new IllegalStateException(
              "example "
                  + id
                  + ": the H1 diagram of layer "
                  + d.getInt(0)
                  + ", head "
                  + d.getInt(1)
                  + " does not follow its H0 diagram");
        }
        double[] f =
            BarcodeFeatures.kushnareva14(
                AnalyzedExample.diagram(0, h0.<Row>getList(3)),
                AnalyzedExample.diagram(1, d.<Row>getList(3)));
        Object[] v = new Object[3 + f.length];
        v[0] = id;
        v[1] = d.getInt(0);
        v[2] = d.getInt(1);
        for (int i = 0; i < f.length; i++) {
          v[3 + i] = f[i];
        }
        out.add(RowFactory.create(v));
      }
    }
    return out.iterator();
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
