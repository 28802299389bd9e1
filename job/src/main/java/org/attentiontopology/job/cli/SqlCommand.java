package org.attentiontopology.job.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.attentiontopology.job.tables.StoragePaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `attention-topology sql`: one query over a run's tables, each a view under its own name, with the
 * diagram functions (docs/sql-functions.md). DuckDB answers by default, in seconds; Spark SQL (its
 * dialect, tens of seconds to start a session) on request. Both are read-only over the run unless
 * the user opts out.
 */
@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    header =
        "One read-only SELECT over a run's tables with the diagram functions, in an embedded DuckDB (seconds) "
            + "or Spark SQL (tens of seconds).",
    description = {
      "Query a run's tables with SQL; every table is a view named after it (top_attended_long too).",
      "The diagram functions are registered: bottleneck_distance, wasserstein_distance, persistence_entropy, "
          + "betti_number, total_persistence, max_persistence, bar_count (docs/sql-functions.md).",
      "Read-only: one SELECT over the run's tables; other files, writes and Java reflection are refused unless "
          + "--unrestricted."
    })
public final class SqlCommand implements Callable<Integer> {
  /** The SQL engines. */
  public enum Engine {
    duckdb,
    spark
  }

  @Parameters(
      index = "0",
      paramLabel = "RUN_DIR",
      description =
          "A run directory written by `run` (local, or hdfs:// etc. with --engine spark).")
  String runDir;

  @Parameters(
      index = "1",
      paramLabel = "QUERY",
      description = "The SQL query, e.g. \"SELECT * FROM run\".")
  String query;

  @Option(
      names = "--rows",
      defaultValue = "40",
      paramLabel = "N",
      description = "Rows to print. Default: " + "${DEFAULT-VALUE}.")
  int rows;

  @Option(
      names = "--engine",
      defaultValue = "duckdb",
      paramLabel = "ENGINE",
      description =
          "duckdb (DuckDB's SQL "
              + "dialect; a few seconds a query) or spark (Spark SQL; a Spark session first, tens of seconds). Default: "
              + "${DEFAULT-VALUE}.")
  Engine engine;

  @Option(
      names = "--unrestricted",
      description =
          "Allow any statement, other files and (Spark) reflect: the query "
              + "may then read and write anything this user can.")
  boolean unrestricted;

  @Override
  public Integer call() {
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    if (!StoragePaths.exists(runDir, hadoop)) {
      throw new IllegalArgumentException("run directory " + runDir + " does not exist");
    }
    if (engine == Engine.duckdb && !StoragePaths.isLocal(runDir, hadoop)) {
      throw new IllegalArgumentException(
          "the duckdb engine reads local folders only, and "
              + runDir
              + " is not one: query it with --engine spark, or copy the run to a local folder");
    }
    if (rows < 0) {
      throw new IllegalArgumentException("--rows must be >= 0, got " + rows);
    }
    QueryResult result =
        engine == Engine.duckdb
            ? DuckDbQuery.run(
                Path.of(StoragePaths.display(runDir, hadoop)), query, rows, unrestricted)
            : SparkQuery.run(runDir, query, rows, unrestricted);
    result.print(System.out);
    return 0;
  }
}
