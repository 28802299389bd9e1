package org.attentiontopology.job.stages;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.diagram.BottleneckDistance;
import org.attentiontopology.diagram.WassersteinDistance;
import org.attentiontopology.persistence.PersistenceDiagram;

/**
 * Distances between the head clouds of models run over the same corpus (the joint analysis of, say,
 * BERT and GPT-2 heads): per homology dimension, the bottleneck and Wasserstein distances between
 * their diagrams, under the mean head distance per token so that tokenizers of different
 * granularity compare on one scale.
 */
public final class ModelComparison {
  private ModelComparison() {}

  public static final StructType SCHEMA =
      new StructType()
          .add("model_a", StringType, false)
          .add("model_b", StringType, false)
          .add("dim", IntegerType, false)
          .add("bottleneck", DoubleType, true)
          .add("wasserstein_1", DoubleType, true)
          .add("wasserstein_2", DoubleType, true);

  /**
   * One row per pair of models (in the given order) and dimension; NULL where essential counts
   * differ.
   */
  public static List<Row> distances(Map<String, List<PersistenceDiagram>> headClouds) {
    List<String> models = new ArrayList<>(headClouds.keySet());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      for (int j = i + 1; j < models.size(); j++) {
        List<PersistenceDiagram> a = headClouds.get(models.get(i));
        List<PersistenceDiagram> b = headClouds.get(models.get(j));
        for (int dim = 0; dim < Math.min(a.size(), b.size()); dim++) {
          double bottleneck = BottleneckDistance.distance(a.get(dim), b.get(dim));
          boolean finite = !Double.isInfinite(bottleneck);
          rows.add(
              RowFactory.create(
                  models.get(i),
                  models.get(j),
                  dim,
                  finite ? bottleneck : null,
                  finite ? WassersteinDistance.distance(a.get(dim), b.get(dim), 1) : null,
                  finite ? WassersteinDistance.distance(a.get(dim), b.get(dim), 2) : null));
        }
      }
    }
    return rows;
  }
}
