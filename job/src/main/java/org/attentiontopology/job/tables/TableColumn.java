package org.attentiontopology.job.tables;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * One column of an output table: its name, Spark type, whether it may be NULL, and what it means.
 * The table's schema and its documentation are both read off these declarations, so a column is
 * named and explained in one place.
 *
 * @param doc one line of markdown for docs/tables.md
 */
public record TableColumn(String name, DataType type, boolean nullable, String doc) {

  public static TableColumn column(String name, DataType type, String doc) {
    return new TableColumn(name, type, false, doc);
  }

  public static TableColumn nullable(String name, DataType type, String doc) {
    return new TableColumn(name, type, true, doc);
  }

  /** An array whose elements are never NULL. */
  public static DataType arrayOf(DataType element) {
    return DataTypes.createArrayType(element, false);
  }

  /** The schema of these columns, in their order. */
  public static StructType schemaOf(List<TableColumn> columns) {
    StructType s = new StructType();
    for (TableColumn c : columns) {
      s = s.add(c.name(), c.type(), c.nullable());
    }
    return s;
  }
}
