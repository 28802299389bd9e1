package org.attentiontopology.job.cli;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.config.RunConfig;

/**
 * Builds the Spark session from the run configuration. Under spark-submit the master and settings
 * given there win: the configuration only fills in what is not set.
 */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(RunConfig config) {
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(config.spark.master());
    }
    conf.setIfMissing("spark.app.name", config.spark.appName());
    if (conf.get("spark.master").startsWith("local")) {
      // One executor, offered tasks again only when one ends: waiting for a better locality (HDFS
      // blocks on the data node's host name, partitions cached on the driver) stalled a run for
      // good once no task was left running (HdfsRunTest).
      conf.setIfMissing("spark.locality.wait", "0s");
    }
    for (Map.Entry<String, String> e : config.spark.conf().entrySet()) {
      conf.setIfMissing(e.getKey(), e.getValue());
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
