package org.attentiontopology.job.tables;

import static org.apache.spark.sql.types.DataTypes.IntegerType;

/** The key columns that tables of several kinds share, declared once. */
public final class KeyColumns {
  private KeyColumns() {}

  public static final TableColumn LAYER = TableColumn.column("layer", IntegerType, "0-based");
  public static final TableColumn HEAD = TableColumn.column("head", IntegerType, "0-based");
}
