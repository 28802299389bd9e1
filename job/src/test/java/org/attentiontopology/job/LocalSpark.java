package org.attentiontopology.job;

import org.apache.spark.sql.SparkSession;

/**
 * The local Spark session of an integration test class: two cores, no UI, few shuffle partitions.
 */
public final class LocalSpark {
  private LocalSpark() {}

  public static SparkSession start(Class<?> testClass, int shufflePartitions) {
    return SparkSession.builder()
        .master("local[2]")
        .appName(testClass.getSimpleName())
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
        .getOrCreate();
  }
}
