package org.attentiontopology.job.report;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.attentiontopology.job.stages.HeadStatistics;

/**
 * What each head does, one number per head and statistic, for colouring and tabulating heads: Clark
 * et al.'s attention statistics (head_stats_corpus, already corpus means), and the means over the
 * corpus's examples of Kushnareva et al.'s barcode features (barcode_features) and of the diagram
 * summaries (diagram_stats, per homology dimension). A table the run did not write contributes no
 * statistic; a head it does not cover gets null.
 */
public final class HeadBehaviour {
  /** The diagram_stats columns summarised per head, with the words the page shows. */
  static final Map<String, String> DIAGRAM_STATS = new LinkedHashMap<>();

  static {
    DIAGRAM_STATS.put("total_persistence", "total persistence");
    DIAGRAM_STATS.put("max_persistence", "longest bar");
    DIAGRAM_STATS.put("persistence_entropy", "persistence entropy");
    DIAGRAM_STATS.put("n_finite", "finite bars");
  }

  /**
   * Clark et al.'s names for head_stats_corpus columns; the rest are shown by their column names.
   */

  /** The tables of one model, each null when the run did not write it. */
  public record Tables(
      Dataset<Row> headStatsCorpus, Dataset<Row> barcodeFeatures, Dataset<Row> diagramStats) {}

  private HeadBehaviour() {}

  /**
   * The statistics, each {key, label, source, dim (diagram_stats only), values: one per head in the
   * order of layers and heads given}.
   */
  public static List<Map<String, Object>> build(
      Tables t, List<Integer> layers, List<Integer> heads) {
    Map<Long, Integer> index = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      index.put(key(layers.get(i), heads.get(i)), i);
    }
    List<Map<String, Object>> out = new ArrayList<>();
    if (t.headStatsCorpus() != null) {
      List<String> names = new ArrayList<>();
      for (String n : HeadStatistics.names()) {
        if (RunTables.hasColumn(t.headStatsCorpus(), n)) {
          names.add(n);
        }
      }
      collect(
          out,
          t.headStatsCorpus(),
          names,
          null,
          index,
          "head_stats_corpus (Clark et al. 2019)",
          HeadStatistics::label);
    }
    if (t.barcodeFeatures() != null) {
      List<String> names = new ArrayList<>();
      for (String c : t.barcodeFeatures().columns()) {
        if (c.startsWith("h0_") || c.startsWith("h1_")) {
          names.add(c);
        }
      }
      collect(
          out,
          t.barcodeFeatures(),
          names,
          null,
          index,
          "barcode_features, mean over examples (Kushnareva et al. 2021)",
          n -> n);
    }
    if (t.diagramStats() != null) {
      List<Integer> dims = new ArrayList<>();
      for (Row r : t.diagramStats().select("dim").distinct().orderBy("dim").collectAsList()) {
        dims.add(r.getInt(0));
      }
      for (int dim : dims) {
        collect(
            out,
            t.diagramStats().where(col("dim").equalTo(dim)),
            new ArrayList<>(DIAGRAM_STATS.keySet()),
            dim,
            index,
            "diagram_stats, mean over examples",
            n -> "H" + dim + " " + DIAGRAM_STATS.get(n));
      }
    }
    return out;
  }

  private static void collect(
      List<Map<String, Object>> out,
      Dataset<Row> table,
      List<String> names,
      Integer dim,
      Map<Long, Integer> index,
      String source,
      java.util.function.Function<String, String> label) {
    if (names.isEmpty()) {
      return;
    }
    // head_stats_corpus has one row per head, so the mean is the value itself; the others are
    // averaged here.
    Column[] means =
        names.stream().map(n -> avg(col(n).cast("double")).as(n)).toArray(Column[]::new);
    List<Row> rows =
        table
            .groupBy("layer", "head")
            .agg(means[0], Arrays.copyOfRange(means, 1, means.length))
            .collectAsList();
    List<Double[]> values = new ArrayList<>();
    for (int k = 0; k < names.size(); k++) {
      values.add(new Double[index.size()]);
    }
    for (Row r : rows) {
      Integer i = index.get(key(r.getInt(0), r.getInt(1)));
      if (i == null) {
        continue;
      }
      for (int k = 0; k < names.size(); k++) {
        values.get(k)[i] = r.isNullAt(2 + k) ? null : PageNumbers.round(r.getDouble(2 + k));
      }
    }
    for (int k = 0; k < names.size(); k++) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("key", (dim == null ? "" : "h" + dim + ":") + names.get(k));
      s.put("column", names.get(k));
      s.put("label", label.apply(names.get(k)));
      s.put("source", source);
      s.put("dim", dim);
      s.put("values", values.get(k));
      out.add(s);
    }
  }

  private static long key(int layer, int head) {
    return ((long) layer << 32) | (head & 0xffffffffL);
  }
}
