package org.attentiontopology.job.cli;

import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.tables.RunComparison;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `attention-topology compare A B`: whether two run directories hold the same tables
 * (RunComparison); the exit code says so, for scripts: 0 the runs agree, 1 they differ, 2 a usage
 * error.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    header =
        "Compare two run directories: the same tables with the same rows, floating-point values within "
            + "--tolerance.",
    description = {
      "Every table but run must have the same schema and the same rows as a multiset (row order and "
          + "file layout do not matter); the run table must have the same run_id. Exit code 0 when the runs agree, 1 "
          + "when they differ (the first differences are printed)."
    })
public final class CompareCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "A", description = "A run directory.")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "The run directory to compare it with.")
  String b;

  @Option(
      names = "--tolerance",
      paramLabel = "REL",
      defaultValue = "1e-9",
      description =
          "Relative tolerance on "
              + "floating-point values (plus 1e-12 absolute near 0); 0 asks for identical tables. Default: "
              + "${DEFAULT-VALUE}.")
  double tolerance;

  @Override
  public Integer call() {
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("--tolerance must be a number >= 0, got " + tolerance);
    }
    // A session that already runs in this JVM (tests) is used and left running; otherwise a local
    // one is ours.
    boolean own = SparkSession.getDefaultSession().isEmpty();
    SparkSession spark =
        SparkSession.builder()
            .master("local[2]")
            .appName("attention-topology compare")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    try {
      RunComparison.Result r = new RunComparison(spark, tolerance).compare(a, b);
      System.out.println(
          "compared "
              + r.tables().size()
              + " tables "
              + r.tables()
              + "\n  A = "
              + a
              + "\n  B = "
              + b);
      r.matchedWithinTolerance()
          .forEach(
              (t, n) ->
                  System.out.println(
                      "  "
                          + t
                          + ": "
                          + n
                          + " rows equal only within relative tolerance "
                          + r.tolerance()));
      if (r.equal()) {
        System.out.println("runs agree");
        return 0;
      }
      System.out.println("runs differ:");
      r.differences().forEach(System.out::println);
      return 1;
    } finally {
      if (own) {
        spark.stop();
      }
    }
  }
}
