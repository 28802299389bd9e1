package org.attentiontopology.job.stages;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
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
    return sums(analyzed).totals();
  }

  /**
   * The exact running sums of the analysed examples, kept between the batches of a run: adding the
   * stored sums of earlier batches to a new batch's gives the bits one run over all of them gives.
   */
  public static Sums sums(Dataset<Row> analyzed) {
    JavaRDD<Row> rows =
        analyzed
            .where("error_stage IS NULL")
            .select("head_js_distance", "head_js_divergence", "n_points")
            .javaRDD();
    Partial p = rows.treeAggregate(new Partial(), Partial::add, Partial::merge);
    return new Sums(p);
  }

  /** Exact sums over some examples, stored as terms whose exact sum they are. */
  public static final class Sums {
    private final Partial partial;

    private Sums(Partial partial) {
      this.partial = partial;
    }

    /** These sums plus {@code other}'s, exactly. */
    public Sums plus(Sums other) {
      return new Sums(copy(partial).merge(copy(other.partial)));
    }

    public long examples() {
      return partial.examples;
    }

    public Totals totals() {
      Partial p = partial;
      if (p.distance == null) {
        return new Totals(new double[0], new double[0], 0, 0);
      }
      return new Totals(p.distance.totals(), p.divergence.totals(), p.tokens, p.examples);
    }

    /** As a row of the hidden table _head_sums (OutputTables.HEAD_SUMS declares its columns). */
    public Row toRow() {
      return RowFactory.create(
          terms(partial.distance), terms(partial.divergence), partial.tokens, partial.examples);
    }

    public static Sums fromRow(Row r) {
      Partial p = new Partial();
      List<Object> distance = r.getList(0);
      List<Object> divergence = r.getList(1);
      if (!distance.isEmpty()) {
        p.distance = sums(distance);
        p.divergence = sums(divergence);
      }
      p.tokens = r.getLong(2);
      p.examples = r.getLong(3);
      return new Sums(p);
    }

    /** No example. */
    public static Sums none() {
      return new Sums(new Partial());
    }

    private static Partial copy(Partial p) {
      Partial out = new Partial();
      if (p.distance != null) {
        out.distance = sums(p.distance);
        out.divergence = sums(p.divergence);
      }
      out.tokens = p.tokens;
      out.examples = p.examples;
      return out;
    }

    private static ExactSums sums(ExactSums of) {
      ExactSums out = new ExactSums(of.length());
      for (int k = 0; k < of.length(); k++) {
        for (double t : of.terms(k)) {
          out.add(k, t);
        }
      }
      return out;
    }

    private static double[][] terms(ExactSums s) {
      if (s == null) {
        return new double[0][];
      }
      double[][] out = new double[s.length()][];
      for (int k = 0; k < out.length; k++) {
        out[k] = s.terms(k);
      }
      return out;
    }

    private static ExactSums sums(List<Object> terms) {
      ExactSums s = new ExactSums(terms.size());
      for (int k = 0; k < terms.size(); k++) {
        Object t = terms.get(k);
        Iterable<?> values =
            t instanceof double[] d
                ? java.util.Arrays.stream(d).boxed().toList()
                : t instanceof scala.collection.Iterable<?> seq
                    ? scala.jdk.javaapi.CollectionConverters.asJava(seq)
                    : (Iterable<?>) t;
        for (Object v : values) {
          s.add(k, ((Number) v).doubleValue());
        }
      }
      return s;
    }
  }

  private static double[] toArray(List<Object> list) {
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).doubleValue();
    }
    return out;
  }
}
