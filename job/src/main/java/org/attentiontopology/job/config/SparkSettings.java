package org.attentiontopology.job.config;

import com.typesafe.config.ConfigValue;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code spark} section: where and how Spark runs (none of it changes the tables). */
public record SparkSettings(
    String master, String appName, int partitions, Map<String, String> conf, String persist)
    implements Serializable {

  /** The names Spark's StorageLevel.fromString knows, offered when spark.persist is misspelt. */
  private static final List<String> STORAGE_LEVELS =
      List.of(
          "NONE",
          "DISK_ONLY",
          "DISK_ONLY_2",
          "DISK_ONLY_3",
          "MEMORY_ONLY",
          "MEMORY_ONLY_2",
          "MEMORY_ONLY_SER",
          "MEMORY_ONLY_SER_2",
          "MEMORY_AND_DISK",
          "MEMORY_AND_DISK_2",
          "MEMORY_AND_DISK_SER",
          "MEMORY_AND_DISK_SER_2",
          "OFF_HEAP");

  static SparkSettings read(SettingReader in, com.typesafe.config.Config root) {
    Map<String, String> conf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : root.getObject("spark.conf").entrySet()) {
      conf.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    String persist = in.text("spark.persist");
    try {
      org.apache.spark.storage.StorageLevel.fromString(persist);
    } catch (IllegalArgumentException e) {
      throw in.wrong(
          "spark.persist",
          "is not a Spark storage level",
          "DISK_ONLY, MEMORY_AND_DISK_SER or another StorageLevel name",
          STORAGE_LEVELS);
    }
    return new SparkSettings(
        in.text("spark.master"),
        in.text("spark.app-name"),
        in.whole("spark.partitions", 0, Integer.MAX_VALUE),
        conf,
        persist);
  }

  private static String stripQuotes(String k) {
    return k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"")
        ? k.substring(1, k.length() - 1)
        : k;
  }
}
