package org.attentiontopology.job.stages;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.attentiontopology.job.tables.KeyColumns.HEAD;
import static org.attentiontopology.job.tables.KeyColumns.LAYER;
import static org.attentiontopology.job.tables.TableColumn.arrayOf;
import static org.attentiontopology.job.tables.TableColumn.column;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.diagram.BarcodeFeatures;
import org.attentiontopology.diagram.DiagramStatistics;
import org.attentiontopology.job.tables.TableColumn;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * The summaries of an example's token diagrams: the numbers of every diagram (the diagram_stats
 * table) and Kushnareva et al. 2021's 14 barcode features of each head's H0 and H1 (the
 * barcode_features table). They are made in the analysis, while the example's diagrams are Java
 * objects, and stored in its analysed row, so that both tables are projections of those rows like
 * the other per-example tables. Made from the stored diagrams instead, every bar went through a
 * Spark Row and back, and these two tables cost more to write than any other of their stage.
 */
public final class DiagramStats {
  private DiagramStats() {}

  /** The columns of diagram_stats after example_id: one struct per diagram in the analysed row. */
  public static final List<TableColumn> COLUMNS =
      List.of(
          LAYER,
          HEAD,
          column("dim", IntegerType, "homology dimension"),
          column("n_bars", IntegerType, "bars"),
          column("n_finite", IntegerType, "bars with a finite death"),
          column("total_persistence", DoubleType, "sum of finite lengths (0 when none)"),
          column("max_persistence", DoubleType, "maximum finite length (0 when none)"),
          column(
              "persistence_entropy",
              DoubleType,
              "Shannon entropy (nats) of the finite lengths normalised to sum 1 (0 when none)"),
          column("mean_persistence", DoubleType, "mean of finite lengths"),
          column("persistence_variance", DoubleType, "population variance of finite lengths"),
          column(
              "birth_of_longest",
              DoubleType,
              "birth of the longest finite bar (first in canonical order on ties; 0 when none)"),
          column("death_of_longest", DoubleType, "its death (0 when none)"),
          column(
              "betti_thresholds",
              arrayOf(DoubleType),
              "`diagram-stats.betti-thresholds` (default 0.25, 0.5, 0.75)"),
          column(
              "betti",
              arrayOf(IntegerType),
              "Betti numbers at those filtration values: bars with birth <= t < death"));

  /** The columns of barcode_features after example_id, named as in the authors' code. */
  public static final List<TableColumn> BARCODE_COLUMNS = barcodeColumns();

  public static final StructType STRUCT = TableColumn.schemaOf(COLUMNS);
  public static final StructType BARCODE_STRUCT = TableColumn.schemaOf(BARCODE_COLUMNS);

  private static List<TableColumn> barcodeColumns() {
    List<TableColumn> c = new ArrayList<>(List.of(LAYER, HEAD));
    for (String name : BarcodeFeatures.KUSHNAREVA_NAMES) {
      c.add(column(name.replace('.', '_'), DoubleType, "`" + name + "` in the authors' code"));
    }
    return c;
  }

  /** Every diagram's numbers, in the order of the heads and their dimensions. */
  public static Row[] of(List<ExampleAnalysis.HeadDiagrams> heads, double[] thresholds) {
    List<Row> out = new ArrayList<>();
    for (ExampleAnalysis.HeadDiagrams h : heads) {
      for (PersistenceDiagram d : h.byDimension()) {
        out.add(row(h.layer(), h.head(), d, thresholds));
      }
    }
    return out.toArray(new Row[0]);
  }

  /** Each head's 14 barcode features; none when the heads have no H1 diagram. */
  public static Row[] barcodeFeatures(List<ExampleAnalysis.HeadDiagrams> heads) {
    List<Row> out = new ArrayList<>();
    for (ExampleAnalysis.HeadDiagrams h : heads) {
      if (h.byDimension().size() > 1) {
        out.add(barcodeRow(h.layer(), h.head(), h.byDimension().get(0), h.byDimension().get(1)));
      }
    }
    return out.toArray(new Row[0]);
  }

  /** One diagram's numbers, as a {@link #STRUCT}. */
  public static Row row(int layer, int head, PersistenceDiagram d, double[] thresholds) {
    DiagramStatistics s = DiagramStatistics.of(d);
    BarcodeFeatures f = BarcodeFeatures.of(d);
    return RowFactory.create(
        layer,
        head,
        d.dimension(),
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

  /** One head's barcode features, as a {@link #BARCODE_STRUCT}. */
  public static Row barcodeRow(int layer, int head, PersistenceDiagram h0, PersistenceDiagram h1) {
    double[] f = BarcodeFeatures.kushnareva14(h0, h1);
    Object[] v = new Object[2 + f.length];
    v[0] = layer;
    v[1] = head;
    for (int i = 0; i < f.length; i++) {
      v[2 + i] = f[i];
    }
    return RowFactory.create(v);
  }
}
