package org.attentiontopology.job.stages;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.attentiontopology.persistence.DistanceMatrix;
import org.attentiontopology.persistence.PersistenceDiagram;
import org.attentiontopology.persistence.RipsPersistence;
import org.attentiontopology.persistence.ZeroDimensionalPersistence;

/**
 * The heads of a model as a point cloud under the corpus head distance D, and its persistent
 * homology. Runs on the driver: it holds only heads x heads numbers, never per-example data.
 */
public final class HeadTopology {
  private final int layers;
  private final int heads;
  private final HeadDistanceAggregation.Totals totals;
  private final DistanceMatrix distances;

  public HeadTopology(int layers, int heads, HeadDistanceAggregation.Totals totals) {
    int n = layers * heads;
    if (totals.jsDistance().length != DistanceMatrix.triangleLength(n)) {
      throw new IllegalStateException(
          "head distance sums have "
              + totals.jsDistance().length
              + " pairs, but "
              + layers
              + " x "
              + heads
              + " heads make "
              + DistanceMatrix.triangleLength(n));
    }
    this.layers = layers;
    this.heads = heads;
    this.totals = totals;
    this.distances = DistanceMatrix.fromLowerTriangle(n, totals.jsDistance());
  }

  public DistanceMatrix distances() {
    return distances;
  }

  /**
   * The full matrix as rows (layer_i, head_i, layer_j, head_j, distance, mean_distance,
   * js_divergence_sum, n_tokens): both orders of every pair and the zero diagonal, so SQL needs no
   * symmetrising.
   */
  public List<Row> distanceRows() {
    int n = layers * heads;
    List<Row> out = new ArrayList<>(n * n);
    DistanceMatrix divergence = DistanceMatrix.fromLowerTriangle(n, totals.jsDivergenceNats());
    long tokens = totals.tokens();
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double d = distances.get(i, j);
        out.add(
            RowFactory.create(
                i / heads,
                i % heads,
                j / heads,
                j % heads,
                d,
                tokens == 0 ? null : d / tokens,
                divergence.get(i, j),
                tokens));
      }
    }
    return out;
  }

  /**
   * The head cloud's diagram, one row per bar (dim, birth, death, is_essential, persistence, and
   * for a finite H0 bar the two heads whose merge killed it: the single-linkage merge).
   */
  public List<Row> diagramRows(int maxDimension) {
    List<Row> out = new ArrayList<>();
    ZeroDimensionalPersistence.Result h0 =
        ZeroDimensionalPersistence.compute(distances, Double.POSITIVE_INFINITY);
    for (int k = 0; k < h0.merges(); k++) {
      int a = Math.min(h0.mergeFrom()[k], h0.mergeTo()[k]);
      int b = Math.max(h0.mergeFrom()[k], h0.mergeTo()[k]);
      out.add(bar(0, 0.0, h0.mergeLength()[k], a / heads, a % heads, b / heads, b % heads));
    }
    for (int k = h0.merges(); k < distances.size(); k++) {
      out.add(bar(0, 0.0, Double.POSITIVE_INFINITY, null, null, null, null));
    }
    if (maxDimension >= 1) {
      List<PersistenceDiagram> diagrams = new RipsPersistence(maxDimension).compute(distances);
      for (int dim = 1; dim < diagrams.size(); dim++) {
        PersistenceDiagram d = diagrams.get(dim);
        for (int i = 0; i < d.size(); i++) {
          out.add(bar(dim, d.birth(i), d.death(i), null, null, null, null));
        }
      }
    }
    return out;
  }

  /**
   * The head cloud's diagrams (dimensions 0..maxDimension) under the mean distance per token, D /
   * n_tokens, so that models with different tokenizers or corpora of different sizes compare on one
   * scale. Rips diagrams scale with the metric, so these are the diagrams of head_diagrams divided
   * by n_tokens.
   */
  public List<PersistenceDiagram> meanDiagrams(int maxDimension) {
    double[] mean = totals.jsDistance().clone();
    for (int k = 0; k < mean.length; k++) {
      mean[k] /= totals.tokens();
    }
    return new RipsPersistence(maxDimension)
        .compute(DistanceMatrix.fromLowerTriangle(distances.size(), mean));
  }

  private static Row bar(
      int dim,
      double birth,
      double death,
      Integer layerA,
      Integer headA,
      Integer layerB,
      Integer headB) {
    boolean essential = death == Double.POSITIVE_INFINITY;
    return RowFactory.create(
        dim,
        birth,
        essential ? null : death,
        essential,
        essential ? null : death - birth,
        layerA,
        headA,
        layerB,
        headB);
  }
}
