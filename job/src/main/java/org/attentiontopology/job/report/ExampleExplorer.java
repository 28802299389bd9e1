package org.attentiontopology.job.report;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The per-example part of the report for one model, for the first N examples by corpus order: each
 * example's tokens, its token diagrams per head, the tokens' distance matrix and 3D classical MDS
 * positions (when the run wrote token_distances), its nearest and farthest examples by bottleneck
 * distance (whatever pairs diagram_distances holds), attention received per token (when the run
 * wrote token_attention), and each unit's strongest links per head (top_attended) for the attention
 * views.
 */
public final class ExampleExplorer {
  private ExampleExplorer() {}

  /** The tables of one model, optional ones null when the run did not write them. */
  public record Tables(
      Dataset<Row> examples,
      Dataset<Row> tokenDiagrams,
      Dataset<Row> diagramDistances,
      Dataset<Row> tokenDistances,
      Dataset<Row> tokenAttention,
      Dataset<Row> topAttended) {}

  public static Map<String, Object> build(Tables t, int limit) {
    // The windows of a split text share its ordinal; runs written before windows existed have no
    // window column.
    Dataset<Row> ordered =
        java.util.Arrays.asList(t.examples().columns()).contains("window")
            ? t.examples().orderBy("ordinal", "window")
            : t.examples().orderBy("ordinal");
    List<Row> chosen =
        ordered
            .select("example_id", "ordinal", "label", "group", "text", "tokens", "kept_positions")
            .limit(limit)
            .collectAsList();
    List<String> ids = new ArrayList<>();
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Row r : chosen) {
      String id = r.getString(0);
      ids.add(id);
      List<String> tokens = r.getList(5);
      List<Integer> kept = r.getList(6);
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("id", id);
      e.put("ordinal", r.getLong(1));
      e.put("label", r.isNullAt(2) ? null : r.getString(2));
      e.put("group", r.isNullAt(3) ? null : r.getString(3));
      e.put("text", r.getString(4));
      e.put("tokens", tokens);
      e.put("kept", kept);
      e.put("heads", new TreeMap<String, Map<String, Object>>());
      e.put("neighbours", new TreeMap<String, List<Object[]>>());
      e.put("attention", new ArrayList<Map<String, Object>>());
      byId.put(id, e);
    }
    Object[] idArray = ids.toArray();

    for (Row r :
        t.tokenDiagrams()
            .where(col("example_id").isin(idArray))
            .select("example_id", "layer", "head", "dim", "bars")
            .collectAsList()) {
      Map<String, Object> head = head(byId.get(r.getString(0)), r.getInt(1), r.getInt(2));
      List<Double[]> bars = new ArrayList<>();
      for (Row bar : r.<Row>getList(4)) {
        bars.add(
            new Double[] {
              PageNumbers.round(bar.getDouble(0)),
              bar.isNullAt(1) ? null : PageNumbers.round(bar.getDouble(1))
            });
      }
      diagrams(head).put(String.valueOf(r.getInt(3)), bars);
    }

    if (t.tokenDistances() != null) {
      for (Row r :
          t.tokenDistances()
              .where(col("example_id").isin(idArray))
              .select("example_id", "layer", "head", "n_points", "distances")
              .collectAsList()) {
        Map<String, Object> e = byId.get(r.getString(0));
        int n = r.getInt(3);
        List<Double> list = r.getList(4);
        double[] lower = list.stream().mapToDouble(Double::doubleValue).toArray();
        String what =
            "token_distances row (example "
                + r.getString(0)
                + ", layer "
                + r.getInt(1)
                + ", head "
                + r.getInt(2)
                + ")";
        int expected = ((List<?>) e.get("kept")).size();
        if (n != expected) {
          throw new IllegalArgumentException(
              what
                  + ": n_points = "
                  + n
                  + " but examples.kept_positions lists "
                  + expected
                  + " points; the tables come from different runs");
        }
        double[][] m = CondensedDistances.toMatrix(n, lower, what);
        Map<String, Object> head = head(e, r.getInt(1), r.getInt(2));
        head.put("distances", PageNumbers.round(lower));
        head.put("coords", PageNumbers.round(ClassicalMds.embed(m, 3), 3));
      }
    }

    Map<String, Map<String, Object>> others = new TreeMap<>();
    List<Row> pairs =
        t.diagramDistances()
            .where(col("example_a").isin(idArray).or(col("example_b").isin(idArray)))
            .select("example_a", "example_b", "layer", "head", "dim", "bottleneck")
            .collectAsList();
    for (Row r : pairs) {
      for (int side = 0; side < 2; side++) {
        String self = r.getString(side);
        String other = r.getString(1 - side);
        Map<String, Object> e = byId.get(self);
        if (e == null) {
          continue;
        }
        @SuppressWarnings("unchecked")
        Map<String, List<Object[]>> neighbours = (Map<String, List<Object[]>>) e.get("neighbours");
        neighbours
            .computeIfAbsent(
                r.getInt(2) + ":" + r.getInt(3) + ":" + r.getInt(4), k -> new ArrayList<>())
            .add(new Object[] {other, r.isNullAt(5) ? null : r.getDouble(5)});
        others.putIfAbsent(other, null);
      }
    }
    for (Map<String, Object> e : byId.values()) {
      @SuppressWarnings("unchecked")
      Map<String, List<Object[]>> neighbours = (Map<String, List<Object[]>>) e.get("neighbours");
      // Nearest first; an essential-count mismatch (NULL: infinitely far) last.
      neighbours
          .values()
          .forEach(
              list ->
                  list.sort(
                      Comparator.comparingDouble(
                          (Object[] p) ->
                              p[1] == null ? Double.POSITIVE_INFINITY : (Double) p[1])));
    }
    if (!others.isEmpty()) {
      for (Row r :
          t.examples()
              .where(col("example_id").isin(others.keySet().toArray()))
              .select("example_id", "ordinal", "text")
              .collectAsList()) {
        others.put(r.getString(0), Map.of("ordinal", r.getLong(1), "text", r.getString(2)));
      }
    }

    if (t.tokenAttention() != null) {
      // One series per (layer, head, weighted): received by position; the units' strings once per
      // example.
      Map<String, Map<String, Object>> series = new LinkedHashMap<>();
      Map<String, TreeMap<Integer, String>> units = new LinkedHashMap<>();
      for (Row r :
          t.tokenAttention()
              .where(col("example_id").isin(idArray))
              .select("example_id", "layer", "head", "weighted", "position", "token", "received")
              .orderBy("example_id", "layer", "head", "weighted", "position")
              .collectAsList()) {
        String id = r.getString(0);
        units.computeIfAbsent(id, k -> new TreeMap<>()).put(r.getInt(4), r.getString(5));
        Map<String, Object> s =
            series.computeIfAbsent(
                id + "\u0000" + r.getInt(1) + ":" + r.getInt(2) + ":" + r.getBoolean(3),
                k -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("layer", r.getInt(1));
                  m.put("head", r.getInt(2));
                  m.put("weighted", r.getBoolean(3));
                  m.put("received", new TreeMap<Integer, Double>());
                  @SuppressWarnings("unchecked")
                  List<Map<String, Object>> attention =
                      (List<Map<String, Object>>) byId.get(id).get("attention");
                  attention.add(m);
                  return m;
                });
        @SuppressWarnings("unchecked")
        TreeMap<Integer, Double> received = (TreeMap<Integer, Double>) s.get("received");
        received.put(r.getInt(4), PageNumbers.round(r.getDouble(6)));
      }
      for (Map.Entry<String, TreeMap<Integer, String>> e : units.entrySet()) {
        byId.get(e.getKey()).put("attentionUnits", byPosition(e.getValue(), ""));
      }
      for (Map<String, Object> s : series.values()) {
        @SuppressWarnings("unchecked")
        TreeMap<Integer, Double> received = (TreeMap<Integer, Double>) s.get("received");
        s.put("received", byPosition(received, null));
      }
    }

    if (t.topAttended() != null) {
      topAttended(t.topAttended(), idArray, byId);
    }

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("examples", new ArrayList<>(byId.values()));
    others.values().removeIf(v -> v == null);
    out.put("others", others);
    return out;
  }

  /**
   * Per example and head, every attending unit's top-k links as three parallel arrays (from, to,
   * weight), and per example the units' strings by position (tokens, or words when the run pooled
   * word pieces).
   */
  private static void topAttended(
      Dataset<Row> table, Object[] ids, Map<String, Map<String, Object>> byId) {
    Map<String, TreeMap<Integer, String>> units = new LinkedHashMap<>();
    Map<String, List<Number>[]> links = new LinkedHashMap<>();
    // The table is stored compact: one row per attending unit, its links as arrays in rank order.
    for (Row r :
        table
            .where(col("example_id").isin(ids))
            .select(
                "example_id",
                "layer",
                "head",
                "from_pos",
                "from_token",
                "to_pos",
                "to_token",
                "weight")
            .orderBy("example_id", "layer", "head", "from_pos")
            .collectAsList()) {
      String id = r.getString(0);
      TreeMap<Integer, String> u = units.computeIfAbsent(id, k -> new TreeMap<>());
      u.put(r.getInt(3), r.getString(4));
      @SuppressWarnings("unchecked")
      List<Number>[] l =
          links.computeIfAbsent(
              id + "\u0000" + r.getInt(1) + ":" + r.getInt(2),
              k -> {
                List<Number>[] a =
                    new List[] {
                      new ArrayList<Number>(), new ArrayList<Number>(), new ArrayList<Number>()
                    };
                head(byId.get(id), r.getInt(1), r.getInt(2)).put("top", a);
                return a;
              });
      List<Integer> to = r.getList(5);
      List<String> toTokens = r.getList(6);
      List<Number> weights = r.getList(7);
      for (int rank = 0; rank < to.size(); rank++) {
        u.put(to.get(rank), toTokens.get(rank));
        l[0].add(r.getInt(3));
        l[1].add(to.get(rank));
        l[2].add(PageNumbers.round((double) weights.get(rank).floatValue(), 3));
      }
    }
    for (Map.Entry<String, TreeMap<Integer, String>> e : units.entrySet()) {
      // Word-level runs have units of their own; token-level ones would repeat the example's
      // tokens.
      List<String> list = byPosition(e.getValue(), "");
      if (!list.equals(byId.get(e.getKey()).get("tokens"))) {
        byId.get(e.getKey()).put("units", list);
      }
    }
  }

  /**
   * The values in position order 0..last, a gap (no row for a position) filled with {@code
   * missing}.
   */
  private static <T> List<T> byPosition(TreeMap<Integer, T> values, T missing) {
    List<T> list = new ArrayList<>();
    int n = values.isEmpty() ? 0 : values.lastKey() + 1;
    for (int p = 0; p < n; p++) {
      list.add(values.getOrDefault(p, missing));
    }
    return list;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> head(Map<String, Object> example, int layer, int head) {
    return ((Map<String, Map<String, Object>>) example.get("heads"))
        .computeIfAbsent(layer + ":" + head, k -> new LinkedHashMap<>());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> diagrams(Map<String, Object> head) {
    return (Map<String, Object>)
        head.computeIfAbsent("diagrams", k -> new TreeMap<String, Object>());
  }
}
