package org.attentiontopology.job.tables;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.types.StructType;

/**
 * Schemas of the tables that are built on the driver (the others are projections of the analyzed
 * examples). docs/tables.md documents every column; keep the two in step.
 */
public final class TableSchemas {
  private TableSchemas() {}

  public static final StructType HEAD_DISTANCES =
      new StructType()
          .add("layer_i", IntegerType, false)
          .add("head_i", IntegerType, false)
          .add("layer_j", IntegerType, false)
          .add("head_j", IntegerType, false)
          .add("distance", DoubleType, false)
          .add("mean_distance", DoubleType, true)
          .add("js_divergence_sum", DoubleType, false)
          .add("n_tokens", LongType, false);

  public static final StructType HEAD_DIAGRAMS =
      new StructType()
          .add("dim", IntegerType, false)
          .add("birth", DoubleType, false)
          .add("death", DoubleType, true)
          .add("is_essential", BooleanType, false)
          .add("persistence", DoubleType, true)
          .add("merge_layer_a", IntegerType, true)
          .add("merge_head_a", IntegerType, true)
          .add("merge_layer_b", IntegerType, true)
          .add("merge_head_b", IntegerType, true);

  public static final StructType DIAGRAM_DISTANCES =
      new StructType()
          .add("example_a", StringType, false)
          .add("example_b", StringType, false)
          .add("layer", IntegerType, false)
          .add("head", IntegerType, false)
          .add("dim", IntegerType, false)
          .add("bottleneck", DoubleType, true)
          .add("wasserstein_1", DoubleType, true)
          .add("wasserstein_2", DoubleType, true)
          .add("essential_mismatch", BooleanType, false);
}
