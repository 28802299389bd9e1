package org.attentiontopology.job.stages;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
