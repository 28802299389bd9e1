package org.attentiontopology.job.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/tables.md holds, for every table of the catalogue, a block rendered from its declaration
 * (what a row is, its key, its columns); this test fails when a block differs from the catalogue.
 * {@code -Dtables.doc.update=true} rewrites the blocks instead (the prose around them is kept).
 */
class TablesDocTest {
  private static final Path DOC = Path.of("..", "docs", "tables.md");
  private static final Pattern BLOCK =
      Pattern.compile(
          "<!-- generated from the table catalogue \\(OutputTables\\): (\\w+) -->\n"
              + "(.*?)"
              + "<!-- end of (\\w+) -->\n",
          Pattern.DOTALL);

  @Test
  void everyTableIsDocumentedAsTheCatalogueDeclaresIt() throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    Matcher m = BLOCK.matcher(doc);
    StringBuilder updated = new StringBuilder();
    List<String> documented = new ArrayList<>();
    List<String> differing = new ArrayList<>();
    while (m.find()) {
      String name = m.group(1);
      assertEquals(name, m.group(3), "block of " + name + " ends with another table's marker");
      documented.add(name);
      String expected = markdown(OutputTables.named(name));
      if (!expected.equals(m.group(2))) {
        differing.add(name);
      }
      m.appendReplacement(
          updated,
          Matcher.quoteReplacement(
              "<!-- generated from the table catalogue (OutputTables): "
                  + name
                  + " -->\n"
                  + expected
                  + "<!-- end of "
                  + name
                  + " -->\n"));
    }
    m.appendTail(updated);
    if (Boolean.getBoolean("tables.doc.update")) {
      Files.writeString(DOC, updated.toString(), StandardCharsets.UTF_8);
      return;
    }
    assertEquals(
        OutputTables.ALL.stream().map(OutputTable::name).sorted().toList(),
        documented.stream().sorted().toList(),
        "docs/tables.md documents each table of the catalogue once");
    assertTrue(
        differing.isEmpty(),
        "docs/tables.md differs from the catalogue for "
            + differing
            + ": run mvn -B -ntp verify -Dtest=TablesDocTest -Dsurefire.failIfNoSpecifiedTests=false"
            + " -Dtables.doc.update=true, or fix the declaration");
  }

  /** A table's generated block: its doc, its key and a row per column. */
  static String markdown(OutputTable t) {
    StringBuilder s = new StringBuilder(t.doc()).append("\n\n");
    if (!t.key().isEmpty()) {
      s.append("Key: ")
          .append(String.join(", ", t.key().stream().map(k -> "`" + k + "`").toList()))
          .append(".\n\n");
    }
    s.append("| column | type | meaning |\n|---|---|---|\n");
    for (TableColumn c : t.columns()) {
      s.append("| ")
          .append(c.name())
          .append(" | `")
          .append(c.type().catalogString())
          .append("` | ")
          .append(c.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return s.toString();
  }
}
