package org.attentiontopology.job.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the report shows about one model's heads as a point cloud (Clark et al. 2019, figure 6): the
 * head-distance matrix in layer order and in single-linkage order, a 2D classical MDS embedding,
 * the cloud's persistence diagram and the dendrogram its H0 merges imply. Heads are numbered by
 * (layer, head).
 *
 * <p>Every figure is in units of the mean distance per token, D / n_tokens
 * (head_distances.mean_distance): D is a sum over the corpus, so its raw values grow with the
 * corpus while the mean keeps one colour scale for a corpus of ten sentences or ten thousand. The
 * diagram and the dendrogram are divided by the same n_tokens.
 */
public final class HeadCloud {
  private HeadCloud() {}

  /** One bar of the head cloud's diagram; death NULL for the essential H0 bar. */
  public record Bar(int dim, double birth, Double death) {}

  /** Cuts of the dendrogram offered to the page, into 2 .. MAX_CLUSTERS clusters. */
  public static final int MAX_CLUSTERS = 12;

  public static Map<String, Object> build(Dataset<Row> headDistances, Dataset<Row> headDiagrams) {
    // Tables written before mean_distance existed keep the raw sum (scale 1).
    boolean perToken = RunTables.hasColumn(headDistances, "n_tokens");
    List<Row> rows =
        headDistances
            .select(
                col("layer_i"),
                col("head_i"),
                col("layer_j"),
                col("head_j"),
                col("distance"),
                perToken ? col("n_tokens").cast("double") : org.apache.spark.sql.functions.lit(1.0))
            .collectAsList();
    double tokens = rows.isEmpty() ? 1.0 : rows.get(0).getDouble(5);
    double scale = tokens > 0 ? 1.0 / tokens : 1.0;
    TreeMap<Long, Integer> index = new TreeMap<>();
    for (Row r : rows) {
      index.put(key(r.getInt(0), r.getInt(1)), 0);
    }
    int n = 0;
    for (Map.Entry<Long, Integer> e : index.entrySet()) {
      e.setValue(n++);
    }
    double[][] d = new double[n][n];
    for (Row r : rows) {
      d[index.get(key(r.getInt(0), r.getInt(1)))][index.get(key(r.getInt(2), r.getInt(3)))] =
          r.getDouble(4) * scale;
    }
    List<Integer> layers = new ArrayList<>();
    List<Integer> heads = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    for (long k : index.keySet()) {
      int layer = (int) (k >> 32);
      int head = (int) k;
      layers.add(layer);
      heads.add(head);
      labels.add("L" + layer + " H" + head);
    }

    List<Bar> bars = new ArrayList<>();
    List<SingleLinkageDendrogram.Merge> merges = new ArrayList<>();
    boolean mergesKnown = true;
    for (Row r :
        headDiagrams
            .select(
                col("dim"),
                col("birth"),
                col("death"),
                col("merge_layer_a"),
                col("merge_head_a"),
                col("merge_layer_b"),
                col("merge_head_b"))
            .orderBy("dim", "birth", "death")
            .collectAsList()) {
      Double death = r.isNullAt(2) ? null : r.getDouble(2) * scale;
      bars.add(
          new Bar(
              r.getInt(0), PageNumbers.round(r.getDouble(1) * scale), PageNumbers.round(death)));
      if (r.getInt(0) == 0 && death != null) {
        if (r.isNullAt(3) || r.isNullAt(5)) {
          mergesKnown = false;
        } else {
          Integer a = index.get(key(r.getInt(3), r.getInt(4)));
          Integer b = index.get(key(r.getInt(5), r.getInt(6)));
          if (a == null || b == null) {
            throw new IllegalArgumentException(
                "head_diagrams names a merge of heads that head_distances does not "
                    + "have (layer "
                    + r.getInt(3)
                    + " head "
                    + r.getInt(4)
                    + ", layer "
                    + r.getInt(5)
                    + " head "
                    + r.getInt(6)
                    + "): the two tables come from different runs");
          }
          merges.add(new SingleLinkageDendrogram.Merge(a, b, death));
        }
      }
    }
    // Older tables without merge columns filled: single linkage is the same computed from the
    // matrix.
    String mergeSource = "head_diagrams (H0 merge pairs)";
    if (!mergesKnown || merges.isEmpty() && n > 1) {
      merges = SingleLinkageDendrogram.mergesOf(d);
      mergeSource = "head_distances (single linkage computed by the report)";
    }
    SingleLinkageDendrogram tree = SingleLinkageDendrogram.fromMerges(n, merges);

    List<Integer> layerOrder = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      layerOrder.add(i);
    }
    List<Integer> clusterOrder = new ArrayList<>();
    for (int i : tree.leafOrder()) {
      clusterOrder.add(i);
    }
    List<double[]> segments = new ArrayList<>();
    for (SingleLinkageDendrogram.Segment s : tree.segments()) {
      segments.add(PageNumbers.round(new double[] {s.x0(), s.y0(), s.x1(), s.y1()}));
    }
    double[][] mds = ClassicalMds.embed(d, 2);
    List<int[]> cuts = new ArrayList<>();
    for (int k = 2; k <= Math.min(MAX_CLUSTERS, n); k++) {
      cuts.add(SingleLinkageDendrogram.clusters(n, merges, k));
    }

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("labels", labels);
    out.put("layer", layers);
    out.put("head", heads);
    out.put("distance", PageNumbers.round(d));
    out.put("perToken", perToken);
    out.put("nTokens", tokens);
    out.put("layerOrder", layerOrder);
    out.put("clusterOrder", clusterOrder);
    out.put("mds", PageNumbers.round(mds));
    out.put("clusters", cuts);
    out.put("bars", bars);
    out.put("dendrogram", Map.of("segments", segments, "source", mergeSource));
    return out;
  }

  private static long key(int layer, int head) {
    return ((long) layer << 32) | (head & 0xffffffffL);
  }
}
