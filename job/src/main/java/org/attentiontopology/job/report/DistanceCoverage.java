package org.attentiontopology.job.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * Whether the token distance matrices cover the examples the report shows. The run keeps them only
 * for its first report.examples examples (the matrices are n^2 per head), and the report never runs
 * the model, so an explorer of more examples than that cannot draw their Rips complexes: it says
 * so, with the command that keeps them all, on the command line and in the page, instead of an
 * unexplained "no distance matrix".
 */
public final class DistanceCoverage {
  private DistanceCoverage() {}

  /**
   * Null when every example shown has its matrices; otherwise what is missing and how to get it.
   */
  @SuppressWarnings("unchecked")
  public static String notice(
      Map<String, Object> explorer, boolean hasTable, Row run, String runDir, int requested) {
    List<Map<String, Object>> examples = (List<Map<String, Object>>) explorer.get("examples");
    int shown = examples.size();
    long covered =
        examples.stream()
            .filter(
                e ->
                    ((Map<String, Map<String, Object>>) e.get("heads"))
                        .values().stream().anyMatch(h -> h.containsKey("distances")))
            .count();
    if (covered == shown) {
      return null;
    }
    String kept = keptByRun(run);
    String corpus = fieldOrNull(run, "corpus");
    return (hasTable
            ? "token_distances holds the distance matrices of "
                + covered
                + " of the "
                + shown
                + " examples shown"
            : "the run wrote no token_distances table")
        + " (the run kept them for its first report.examples = "
        + (kept == null ? covered : kept)
        + " examples), so "
        + (shown - covered)
        + " example"
        + (shown - covered == 1 ? " has" : "s have")
        + " no Rips complex. The report reads tables only and never runs the model; to draw all "
        + requested
        + ", rerun the job keeping them: attention-topology run --corpus "
        + (corpus == null ? "CORPUS" : corpus)
        + " --out NEW_DIR --set report.examples="
        + requested
        + " (plus the first run's --model and --set "
        + "options, recorded in its run table's config column), then attention-topology report NEW_DIR "
        + "--examples "
        + requested;
  }

  /**
   * report.examples from the run table's resolved configuration (JSON), or null if it cannot be
   * read.
   */
  static String keptByRun(Row run) {
    String config = fieldOrNull(run, "config");
    if (config == null) {
      return null;
    }
    try {
      JsonNode root = ScriptJson.mapper().readTree(config);
      for (JsonNode n :
          List.of(
              root.path("report").path("examples"),
              root.path("report.examples"),
              root.path("attention-topology").path("report").path("examples"))) {
        if (n.isNumber() || n.isTextual()) {
          return n.asText();
        }
      }
      return null;
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static String fieldOrNull(Row run, String field) {
    if (!java.util.Arrays.asList(run.schema().fieldNames()).contains(field)) {
      return null;
    }
    int i = run.fieldIndex(field);
    return run.isNullAt(i) ? null : String.valueOf(run.get(i));
  }
}
