package org.attentiontopology.job.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** A row built by column name lands in the declared order, and a wrong set of names is refused. */
class OutputTableRowTest {

  /** Every column of `model_distances`, given in reverse order, each value its own name. */
  @Test
  void valuesLandInTheDeclaredOrderWhateverOrderTheyAreGivenIn() {
    OutputTable table = OutputTables.MODEL_DISTANCES;
    List<String> names = List.of(table.schema().fieldNames());
    Map<String, Object> byColumn = new LinkedHashMap<>();
    for (int i = names.size() - 1; i >= 0; i--) {
      byColumn.put(names.get(i), names.get(i));
    }
    Row row = table.row(byColumn);
    assertEquals(names.size(), row.size());
    for (int i = 0; i < names.size(); i++) {
      assertEquals(names.get(i), row.get(i));
    }
  }

  @Test
  void aMissingOrUnknownColumnIsRefusedByName() {
    OutputTable table = OutputTables.MODEL_DISTANCES;
    List<String> names = List.of(table.schema().fieldNames());
    Map<String, Object> byColumn = new LinkedHashMap<>();
    for (String n : names.subList(1, names.size())) {
      byColumn.put(n, 0);
    }
    byColumn.put("no_such_column", 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> table.row(byColumn));
    assertTrue(
        e.getMessage()
            .contains(
                "a row of table model_distances: missing columns ["
                    + names.get(0)
                    + "], unknown columns [no_such_column]"),
        e.getMessage());
  }
}
