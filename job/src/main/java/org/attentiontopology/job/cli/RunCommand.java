package org.attentiontopology.job.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.attentiontopology.job.RunJob;
import org.attentiontopology.job.config.ConfigLists;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.stages.AttentionDumpWriter;
import org.attentiontopology.job.stages.Progress;
import org.attentiontopology.job.tables.RunDirectory;
import org.attentiontopology.job.tables.StoragePaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `attention-topology run`: the Spark job from a corpus to a run directory of Parquet tables. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header =
        "Run models over a corpus and write the attention topology tables (Parquet) to a run directory.",
    description =
        "Every setting, with its meaning, is in conf/default.conf; the tables are described in "
            + "docs/tables.md.")
public final class RunCommand implements Callable<Integer> {
  @Option(
      names = "--corpus",
      required = true,
      paramLabel = "PATH",
      description =
          "Text file (one document per line), JSONL (id, text, label, group), CSV with a header, Parquet, "
              + "Arrow (HuggingFace save_to_disk folder), optionally gzip/bzip2/zstd compressed, or a folder of them "
              + "(subfolders included; hidden and empty files skipped and listed); a folder of images for a vision model.")
  String corpus;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DIR",
      description =
          "Run directory to create. It appears only when the run has finished (the run is written beside "
              + "it first); refused if it exists, unless --overwrite.")
  String out;

  @Option(
      names = "--model",
      paramLabel = "NAME|SPEC_FILE",
      description =
          "A bundled model name (default all-minilm-l6-v2) or the path of a model spec file (HOCON, see "
              + "conf/models/). Repeat to run several models over the corpus and compare them (model_distances).")
  List<String> models = new ArrayList<>();

  @Option(
      names = "--partitions",
      paramLabel = "N",
      description = "Partitions of the corpus (default: Spark's default parallelism).")
  Integer partitions;

  @Option(
      names = "--conf",
      paramLabel = "FILE",
      description = "HOCON file merged over conf/default.conf.")
  Path conf;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Override one setting, e.g. --set persistence.max-dimension=0 (keys of conf/default.conf).")
  List<String> overrides = new ArrayList<>();

  @Option(
      names = "--dump-attention",
      paramLabel = "DIR",
      description =
          "Also write every example's attention "
              + "as Arrow IPC files, one per partition, into DIR (layout: docs/tables.md). DIR is published with the run, "
              + "like --out: an earlier dump there is replaced only with --overwrite, never mixed with the new files.")
  String dumpAttention;

  @Option(
      names = "--overwrite",
      description =
          "Replace the run directory if it exists, once the new run has "
              + "finished. Only a run directory of this tool holding nothing but its tables and report is replaced; any "
              + "other folder is refused and left as it is.")
  boolean overwrite;

  @Option(
      names = "--append",
      description =
          "Add the corpus as a new batch of the run in --out (its first batch if there is none): "
              + "records the run holds already are skipped, the corpus-level tables are rebuilt from its stored sums, "
              + "and --out is replaced in one swap when the batch is done. The settings must be the run's. "
              + "Running the same append twice changes nothing (docs/scheduled-runs.md).")
  boolean append;

  @Option(
      names = "--progress",
      paramLabel = "auto|plain|terminal",
      description =
          "How each stage's progress is "
              + "shown: terminal redraws one line in place; plain prints whole lines (no carriage returns or escape codes), "
              + "for logs. Default: the environment variable "
              + Progress.ENVIRONMENT
              + ", else auto (terminal when standard "
              + "input and output are one, plain otherwise).")
  String progressStyle;

  @Override
  public Integer call() {
    Progress progress = Progress.toConsole(progressStyle);
    if (append && overwrite) {
      throw new IllegalArgumentException(
          "--append adds to the run in --out and --overwrite replaces it: choose one");
    }
    List<String> all = new ArrayList<>();
    if (models.size() == 1) {
      all.add("model=" + models.get(0));
    } else if (models.size() > 1) {
      all.add("model=" + ConfigLists.of(models));
    }
    if (partitions != null) {
      all.add("spark.partitions=" + partitions);
    }
    if (dumpAttention != null) {
      all.add("output.dump-attention=" + dumpAttention);
    }
    all.addAll(overrides);
    // Configuration mistakes stop the run before Spark starts: an unknown model (resolved with the
    // configuration), a missing local corpus.
    RunConfig config = RunConfig.load(conf, all);
    org.apache.hadoop.conf.Configuration hadoop = StoragePaths.hadoop(config.spark.conf());
    if (!StoragePaths.exists(corpus, hadoop)) {
      throw new IllegalArgumentException(
          "corpus "
              + corpus
              + " does not exist: pass a text file (one document "
              + "per line), a .jsonl file, or a folder of them with --corpus");
    }
    String corpusPath = StoragePaths.display(corpus, hadoop);
    checkOutput(corpusPath, hadoop);
    SparkSession spark =
        progress.stage(
            "starting Spark",
            () -> SparkSessions.create(config),
            session -> session.sparkContext().master());
    try {
      RunJob.Summary s =
          new RunJob(spark, config, progress).run(corpusPath, out, overwrite, append);
      System.out.printf("run %s written to %s in %.1f s%n", s.runId(), s.directory(), s.seconds());
      for (Map.Entry<String, Long> e : s.rows().entrySet()) {
        System.out.printf("  %-18s %,10d rows%n", e.getKey(), e.getValue());
      }
      if (s.rows().getOrDefault("examples", 0L) == 0 && !s.rows().isEmpty()) {
        System.err.println(
            "warning: no example could be analysed; the errors table says why for each line ("
                + "attention-topology sql "
                + out
                + " \"SELECT ordinal, stage, message FROM errors\")");
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  /**
   * The output folder is checked before Spark starts: a folder the tool did not write is never
   * replaced, and a corpus inside the run folder it would replace is refused rather than read while
   * its folder is swapped.
   */
  private void checkOutput(String corpusPath, org.apache.hadoop.conf.Configuration conf) {
    if (StoragePaths.isWithin(corpusPath, out, conf)) {
      throw new IllegalArgumentException(
          "corpus "
              + corpus
              + " lies inside --out "
              + out
              + ", which the run "
              + "writes or replaces: move the corpus out of it, or choose another --out");
    }
    if (dumpAttention != null && StoragePaths.isWithin(dumpAttention, out, conf)) {
      throw new IllegalArgumentException(
          "--dump-attention "
              + dumpAttention
              + " lies inside --out "
              + out
              + ", which the run replaces whole: choose a folder outside it");
    }
    // An append replaces --out with the run plus its new batch, as --overwrite would, once done.
    RunDirectory.folder(out, conf).checkWritable(overwrite || append, "--overwrite or --append");
    if (dumpAttention != null) {
      AttentionDumpWriter.folder(dumpAttention, conf).checkWritable(overwrite, "--overwrite");
    }
  }
}
