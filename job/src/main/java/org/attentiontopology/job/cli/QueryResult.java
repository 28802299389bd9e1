package org.attentiontopology.job.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * The first rows of a query's result, as values (for tests) and as printed text, printed the way
 * Spark's {@code show(n, false)} prints so that both engines look alike.
 *
 * @param columns column names
 * @param values each row's values as the engine returned them (numbers, strings, engine-specific
 *     nested values)
 * @param text each row's values as printed, NULL for NULL
 * @param more whether the result has rows beyond these
 */
record QueryResult(List<String> columns, List<Object[]> values, List<String[]> text, boolean more) {

  void print(PrintStream out) {
    int[] width = new int[columns.size()];
    for (int k = 0; k < width.length; k++) {
      width[k] = Math.max(3, columns.get(k).length()); // Spark's show pads to at least 3
      for (String[] row : text) {
        width[k] = Math.max(width[k], row[k].length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : width) {
      rule.append("-".repeat(w)).append('+');
    }
    out.println(rule);
    out.println(line(columns.toArray(new String[0]), width));
    out.println(rule);
    for (String[] row : text) {
      out.println(line(row, width));
    }
    out.println(rule);
    if (more) {
      out.println("only showing top " + text.size() + " rows");
    }
  }

  private static String line(String[] cells, int[] width) {
    StringBuilder b = new StringBuilder("|");
    for (int k = 0; k < cells.length; k++) {
      b.append(cells[k]).append(" ".repeat(width[k] - cells[k].length())).append('|');
    }
    return b.toString();
  }
}
