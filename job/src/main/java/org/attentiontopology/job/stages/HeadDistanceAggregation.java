package org.attentiontopology.job.stages;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.attentiontopology.heads.ExactSums;

/**
 * Sums every example's head-distance contribution over the corpus with treeAggregate and exact
 * sums: correct under task retries (unlike accumulators) and equal to the bit whatever the
 * partitioning.
 */
public final class HeadDistanceAggregation {
  private HeadDistanceAggregation() {}

  /**
   * Corpus totals: per head pair (lower-triangle layout) the sum of JS distances and of JS
   * divergences (nats).
   */
  public record Totals(
      double[] jsDistance, double[] jsDivergenceNats, long tokens, long examples) {}

  /** Running state; arrays are sized by the first example seen, so the driver needs no model. */
  static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;
    ExactSums distance;
    ExactSums divergence;
    long tokens;
    long examples;

    /** Adds a row of (head_js_distance, head_js_divergence, n_points) of a successful example. */
    Partial add(Row r) {
      double[] d = toArray(r.getList(0));
      double[] v = toArray(r.getList(1));
      if (distance == null) {
        distance = new ExactSums(d.length);
        divergence = new ExactSums(v.length);
      }
      distance.addAll(d);
      divergence.addAll(v);
      tokens += r.getInt(2);
      examples++;
      return this;
    }

    Partial merge(Partial o) {
      if (o.distance == null) {
        return this;
      }
      if (distance == null) {
        return o;
      }
      distance.merge(o.distance);
      divergence.merge(o.divergence);
      tokens += o.tokens;
      examples += o.examples;
      return this;
    }
  }

  public static Totals aggregate(Dataset<Row> analyzed) {
    JavaRDD<Row> rows =
        analyzed
            .where("error_stage IS NULL")
            .select("head_js_distance", "head_js_divergence", "n_points")
            .javaRDD();
    Partial p = rows.treeAggregate(new Partial(), Partial::add, Partial::merge);
    if (p.distance == null) {
      return new Totals(new double[0], new double[0], 0, 0);
    }
    return new Totals(p.distance.totals(), p.divergence.totals(), p.tokens, p.examples);
  }

  private static double[] toArray(List<Object> list) {
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).doubleValue();
    }
    return out;
  }
}
