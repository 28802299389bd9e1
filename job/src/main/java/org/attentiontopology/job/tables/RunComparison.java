package org.attentiontopology.job.tables;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Compares two run directories: the same tables, each with the same schema and the same rows as a
 * multiset (row order and file layout do not matter), and for the {@code run} table the same run_id
 * (its timings and paths differ by nature).
 *
 * <p>Rows are compared exactly first, as canonical JSON in Spark, so equal runs cost no collection.
 * Rows left over on either side are then matched pairwise with a tolerance on floating-point
 * numbers only (integers, strings and nulls stay exact): sums such as the head distances are
 * accumulated in an order that depends on the partitioning and may differ in the last bits. A
 * tolerance of 0 asks for bit-identical tables.
 *
 * <p>Command line: {@code attention-topology compare [--tolerance REL] DIR_A DIR_B}
 * (CompareCommand).
 */
public final class RunComparison {
  /**
   * Default relative tolerance on floating-point values (plus an absolute 1e-12 for values near 0).
   */
  public static final double DEFAULT_TOLERANCE = 1e-9;

  static final double ABSOLUTE_FLOOR = 1e-12;

  /**
   * Rows left over after the exact pass that are still matched with the tolerance; beyond, the runs
   * differ.
   */
  static final int MAX_TOLERANT_ROWS = 200_000;

  private static final int SHOWN_PER_TABLE = 5;
  private static final int SHOWN_CHARS = 400;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a comparison found. */
  public record Result(
      List<String> tables,
      List<String> differences,
      Map<String, Long> matchedWithinTolerance,
      double tolerance) {
    public boolean equal() {
      return differences.isEmpty();
    }
  }

  private final SparkSession spark;
  private final double tolerance;

  public RunComparison(SparkSession spark, double tolerance) {
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
    }
    this.spark = spark;
    this.tolerance = tolerance;
  }

  public Result compare(String dirA, String dirB) {
    List<String> differences = new ArrayList<>();
    Map<String, Long> tolerated = new LinkedHashMap<>();
    TreeSet<String> tablesA = tables(dirA);
    TreeSet<String> tablesB = tables(dirB);
    TreeSet<String> all = new TreeSet<>(tablesA);
    all.addAll(tablesB);
    List<String> compared = new ArrayList<>();
    for (String table : all) {
      if (!tablesA.contains(table) || !tablesB.contains(table)) {
        differences.add(
            "table " + table + " is only in " + (tablesA.contains(table) ? dirA : dirB));
        continue;
      }
      compared.add(table);
      Dataset<Row> a = spark.read().parquet(new Path(dirA, table).toString());
      Dataset<Row> b = spark.read().parquet(new Path(dirB, table).toString());
      if (!a.schema().simpleString().equals(b.schema().simpleString())) {
        differences.add(
            "table "
                + table
                + " has schema "
                + a.schema().simpleString()
                + " in A but "
                + b.schema().simpleString()
                + " in B");
        continue;
      }
      if (table.equals(RunDirectory.RUN_TABLE)) {
        // Timings, timestamps and the corpus path differ between two runs by nature; the run id
        // must not.
        a = a.select("run_id");
        b = b.select("run_id");
      }
      compareRows(table, a, b, differences, tolerated);
    }
    if (!tablesA.contains(RunDirectory.RUN_TABLE) && !tablesB.contains(RunDirectory.RUN_TABLE)) {
      differences.add("neither directory has a run table: neither run finished");
    }
    return new Result(compared, differences, tolerated, tolerance);
  }

  private void compareRows(
      String table,
      Dataset<Row> a,
      Dataset<Row> b,
      List<String> differences,
      Map<String, Long> tolerated) {
    // One pass: every distinct row (as canonical JSON) with how many more times it occurs in A than
    // in B.
    Dataset<Row> surplus =
        a.select(to_json(struct(col("*"))).as("row"), lit(1L).as("side"))
            .unionAll(b.select(to_json(struct(col("*"))).as("row"), lit(-1L).as("side")))
            .groupBy("row")
            .agg(sum("side").as("surplus"))
            .where("surplus != 0");
    List<Row> leftovers = surplus.limit(2 * MAX_TOLERANT_ROWS + 1).collectAsList();
    if (leftovers.isEmpty()) {
      return;
    }
    List<String> onlyA = new ArrayList<>();
    List<String> onlyB = new ArrayList<>();
    for (Row r : leftovers) {
      long n = r.getLong(1);
      for (long i = 0;
          i < Math.abs(n) && onlyA.size() + onlyB.size() <= 2 * MAX_TOLERANT_ROWS;
          i++) {
        (n > 0 ? onlyA : onlyB).add(r.getString(0));
      }
    }
    if (tolerance == 0 || onlyA.size() + onlyB.size() > 2 * MAX_TOLERANT_ROWS) {
      differences.add(
          "table "
              + table
              + ": "
              + count(onlyA)
              + " rows of A and "
              + count(onlyB)
              + " rows of B have"
              + " no exact match"
              + (tolerance == 0 ? "" : " (too many to match with a tolerance)"));
      show(table, "A", onlyA.stream().limit(SHOWN_PER_TABLE).toList(), differences);
      show(table, "B", onlyB.stream().limit(SHOWN_PER_TABLE).toList(), differences);
      return;
    }
    List<JsonNode> restA = parse(onlyA);
    List<JsonNode> restB = parse(onlyB);
    long matched = matchWithinTolerance(restA, restB, tolerance);
    if (restA.isEmpty() && restB.isEmpty()) {
      tolerated.put(table, matched);
      return;
    }
    differences.add(
        "table "
            + table
            + ": "
            + restA.size()
            + " rows of A and "
            + restB.size()
            + " rows of B match"
            + " nothing on the other side, even with relative tolerance "
            + tolerance);
    show(
        table,
        "A",
        restA.stream().map(JsonNode::toString).limit(SHOWN_PER_TABLE).toList(),
        differences);
    show(
        table,
        "B",
        restB.stream().map(JsonNode::toString).limit(SHOWN_PER_TABLE).toList(),
        differences);
  }

  private static String count(List<String> rows) {
    return rows.size() > MAX_TOLERANT_ROWS
        ? "over " + MAX_TOLERANT_ROWS
        : Integer.toString(rows.size());
  }

  /**
   * Removes from both lists the pairs that agree within the tolerance and returns how many pairs
   * that was. Rows are only paired with rows of the same shape (every value but the floating-point
   * ones equal), so the search stays within small groups: one row per key for most tables.
   */
  static long matchWithinTolerance(List<JsonNode> a, List<JsonNode> b, double tolerance) {
    Map<String, List<JsonNode>> byShape = new LinkedHashMap<>();
    for (JsonNode row : b) {
      byShape.computeIfAbsent(shape(row).toString(), k -> new ArrayList<>()).add(row);
    }
    long matched = 0;
    List<JsonNode> unmatchedA = new ArrayList<>();
    for (JsonNode row : a) {
      List<JsonNode> candidates = byShape.getOrDefault(shape(row).toString(), List.of());
      int found = -1;
      for (int i = 0; i < candidates.size() && found < 0; i++) {
        if (close(row, candidates.get(i), tolerance)) {
          found = i;
        }
      }
      if (found >= 0) {
        candidates.remove(found);
        matched++;
      } else {
        unmatchedA.add(row);
      }
    }
    a.clear();
    a.addAll(unmatchedA);
    b.clear();
    byShape.values().forEach(b::addAll);
    return matched;
  }

  /** The row with every floating-point number replaced by the same marker. */
  private static JsonNode shape(JsonNode node) {
    if (node.isFloatingPointNumber()) {
      return JsonNodeFactory.instance.textNode("<float>");
    }
    if (node.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(shape(e)));
      return out;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      node.fields().forEachRemaining(e -> out.set(e.getKey(), shape(e.getValue())));
      return out;
    }
    return node;
  }

  static boolean close(JsonNode x, JsonNode y, double tolerance) {
    if (x.isFloatingPointNumber() && y.isFloatingPointNumber()) {
      double p = x.doubleValue();
      double q = y.doubleValue();
      return p == q
          || Math.abs(p - q) <= ABSOLUTE_FLOOR + tolerance * Math.max(Math.abs(p), Math.abs(q));
    }
    if (x.isArray() && y.isArray() || x.isObject() && y.isObject()) {
      if (x.size() != y.size()) {
        return false;
      }
      if (x.isArray()) {
        for (int i = 0; i < x.size(); i++) {
          if (!close(x.get(i), y.get(i), tolerance)) {
            return false;
          }
        }
        return true;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode other = y.get(e.getKey());
        if (other == null || !close(e.getValue(), other, tolerance)) {
          return false;
        }
      }
      return true;
    }
    return x.equals(y);
  }

  private static void show(String table, String side, List<String> rows, List<String> differences) {
    for (String r : rows) {
      differences.add(
          "  "
              + table
              + ", only in "
              + side
              + ": "
              + (r.length() > SHOWN_CHARS ? r.substring(0, SHOWN_CHARS) + "..." : r));
    }
  }

  private static List<String> strings(Dataset<Row> json) {
    return json.collectAsList().stream().map(r -> r.getString(0)).toList();
  }

  private static List<JsonNode> parse(List<String> rows) {
    List<JsonNode> out = new ArrayList<>(rows.size());
    for (String r : rows) {
      try {
        out.add(JSON.readTree(r));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("Spark wrote a row as invalid JSON: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** The table folders of a run directory (Spark's _SUCCESS and hidden files left out). */
  private TreeSet<String> tables(String dir) {
    try {
      Path root = new Path(dir);
      FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.isDirectory(root)) {
        throw new IllegalArgumentException(
            "run directory " + dir + " does not exist or is not a directory");
      }
      TreeSet<String> out = new TreeSet<>();
      for (FileStatus s : fs.listStatus(root)) {
        String name = s.getPath().getName();
        if (s.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
          out.add(name);
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list run directory " + dir + ": " + e.getMessage(), e);
    }
  }
}
