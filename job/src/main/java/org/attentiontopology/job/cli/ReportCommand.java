package org.attentiontopology.job.cli;

import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `attention-topology report RUN_DIR`: a self-contained HTML report of a finished run, at RUN_DIR/report/index.html. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write RUN_DIR/report/index.html: head distances (heatmaps, MDS), what the heads do (Clark's "
        + "statistics, barcode features, diagram summaries per layer x head), the head cloud's diagram, barcode and "
        + "dendrogram, and an explorer of examples (attention head view and model grid, token Rips skeleton in 3D, "
        + "diagram, barcode, Betti curves, nearest examples, attention received), all linked. One file, opens "
        + "offline.")
public final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "The --out directory of a finished `run`.")
  String runDir;

  @Option(names = "--examples", paramLabel = "N", defaultValue = "12",
      description = "Examples (first by corpus order) in the example explorer (default: ${DEFAULT-VALUE}); "
          + "their Rips skeletons need the run to have kept their distance matrices (report.examples).")
  int examples;

  @Override
  public Integer call() {
    RunReport.Options options = new RunReport.Options(examples);
    // A local RUN_DIR that is not there fails before Spark starts; URIs (hdfs://, s3a://) are checked by Spark.
    if (!runDir.contains("://") && !java.nio.file.Files.isDirectory(java.nio.file.Path.of(runDir))) {
      throw new IllegalArgumentException("RUN_DIR " + runDir + " does not exist: pass the --out directory of "
          + "`attention-topology run`");
    }
    // The report reads small tables on the driver: one local core is plenty, and no UI port is opened.
    SparkConf conf = new SparkConf().setIfMissing("spark.master", "local[1]")
        .setIfMissing("spark.app.name", "attention-topology report")
        .setIfMissing("spark.ui.enabled", "false");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    try {
      RunReport.Written written = RunReport.write(spark, runDir, options);
      for (String notice : written.notices()) {
        System.err.println("note: " + notice);
      }
      System.out.println("report written to " + written.path());
      return 0;
    } finally {
      spark.stop();
    }
  }
}
