package org.attentiontopology.job.tables;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.stages.HeadDistanceAggregation;
import org.attentiontopology.job.stages.HeadTopology;

/**
 * What one model's tables are made from: the persisted analysed examples (sorted by id) and what is
 * derived from them once. The job supplies it; each {@link OutputTable} takes what it needs, so a
 * table that needs nothing new needs no change outside its own declaration.
 */
public interface TableInputs {
  SparkSession spark();

  RunConfig config();

  /** Every analysed example, failures included, one row each (AnalyzedExample's columns). */
  Dataset<Row> analyzed();

  /** The examples that were analysed without error. */
  Dataset<Row> succeeded();

  /** Every token diagram: (example_id, layer, head, dim, bars). */
  Dataset<Row> diagrams();

  /**
   * The rows of {@code table} (this model's part, without run_id and model) that the run's earlier
   * batches hold, when this run is an append; null for a run's first batch.
   */
  Dataset<Row> earlier(OutputTable table);

  /** The exact head-distance sums over every batch of the run so far, this one included. */
  HeadDistanceAggregation.Sums headSums();

  /** The heads as a point cloud under the corpus head distance; null when no example succeeded. */
  HeadTopology heads();

  /** Rows made on the driver, as a one-partition dataset of {@code schema}. */
  default Dataset<Row> driverRows(List<Row> rows, StructType schema) {
    return spark().createDataFrame(rows, schema).coalesce(1);
  }
}
