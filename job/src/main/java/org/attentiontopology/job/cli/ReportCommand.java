package org.attentiontopology.job.cli;

import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.report.RunReport;
import org.attentiontopology.job.stages.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `attention-topology report RUN_DIR`: a self-contained HTML report of a finished run, at
 * RUN_DIR/report/index.html.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    header = "Write the run's HTML report, one file that opens offline: RUN_DIR/report/index.html.",
    description =
        "Write RUN_DIR/report/index.html: head distances (heatmaps, MDS), what the heads do (Clark's "
            + "statistics, barcode features, diagram summaries per layer x head), the head cloud's diagram, barcode and "
            + "dendrogram, and an explorer of examples (attention head view and model grid, token Rips skeleton in 3D, "
            + "diagram, barcode, Betti curves, nearest examples, attention received), all linked. One file, opens "
            + "offline.")
public final class ReportCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "RUN_DIR",
      description = "The --out directory of a finished `run`.")
  String runDir;

  @Option(
      names = "--examples",
      paramLabel = "N",
      defaultValue = "12",
      description =
          "Examples (first by corpus order) in the example explorer (default: ${DEFAULT-VALUE}); "
              + "their Rips skeletons need the run to have kept their distance matrices (report.examples).")
  int examples;

  @Option(
      names = "--progress",
      paramLabel = "auto|plain|terminal",
      description =
          "As for run: plain prints whole "
              + "lines, terminal redraws one. Default: "
              + Progress.ENVIRONMENT
              + ", else auto.")
  String progressStyle;

  @Override
  public Integer call() {
    Progress progress = Progress.toConsole(progressStyle);
    RunReport.Options options = new RunReport.Options(examples);
    // A missing, foreign or unfinished RUN_DIR fails before Spark starts, on any file system.
    org.attentiontopology.job.tables.RunDirectory.requireFinished(
        runDir, new org.apache.hadoop.conf.Configuration());
    // The report reads small tables on the driver: one local core is plenty, and no UI port is
    // opened.
    SparkConf conf =
        new SparkConf()
            .setIfMissing("spark.master", "local[1]")
            .setIfMissing("spark.app.name", "attention-topology report")
            .setIfMissing("spark.ui.enabled", "false");
    SparkSession spark =
        progress.stage(
            "starting Spark", () -> SparkSession.builder().config(conf).getOrCreate(), s -> "");
    try {
      progress.watching(spark.sparkContext());
      RunReport.Written written =
          progress.stage(
              "writing the report", () -> RunReport.write(spark, runDir, options), w -> w.path());
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
