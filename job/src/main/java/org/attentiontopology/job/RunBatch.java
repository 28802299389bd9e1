package org.attentiontopology.job;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.stages.Progress;
import org.attentiontopology.job.tables.RunHistory;
import org.attentiontopology.job.tables.RunManifest;

/**
 * What one `run` adds to its folder: the whole corpus as a run's first batch or, with {@code
 * --append}, the corpus records the run does not hold yet. A first run and an append differ only
 * here, in what they analyse and which ids they carry; the analysis and the tables after it are one
 * path (docs/scheduled-runs.md).
 *
 * @param number 1 for a run's first corpus, then one more per append
 * @param corpus the records analysed now
 * @param size their number
 * @param alreadyPresent records of the corpus that the run held already, skipped
 * @param history the run this batch extends; null for a first batch
 * @param runId the run's id, its first batch's
 * @param attempt this batch of this corpus with these settings, which a rerun after a kill resumes
 */
record RunBatch(
    int number,
    String corpusPath,
    Dataset<Row> corpus,
    long size,
    long skippedFiles,
    long alreadyPresent,
    RunHistory history,
    String runId,
    String attempt) {

  static RunBatch first(
      RunConfig config,
      String corpusPath,
      Dataset<Row> corpus,
      RunManifest.CorpusFingerprint fingerprint,
      long skippedFiles) {
    String runId = RunManifest.runId(config, fingerprint);
    return new RunBatch(
        1,
        corpusPath,
        corpus,
        fingerprint.count(),
        skippedFiles,
        0,
        null,
        runId,
        runId + "-batch1");
  }

  /**
   * The records of {@code corpus} that {@code history} lacks, as its next batch; null when the run
   * holds every one already.
   */
  static RunBatch next(
      RunHistory history,
      RunConfig config,
      Progress progress,
      String corpusPath,
      Dataset<Row> corpus,
      RunManifest.CorpusFingerprint fingerprint,
      long skippedFiles) {
    int number = history.nextBatch();
    RunHistory.Batch fresh =
        progress.stage(
            "comparing the corpus with the run's " + (number - 1) + " batch(es)",
            () -> history.newRecords(corpus, corpusPath),
            x ->
                String.format(
                    "%,d new, %,d already in the run (skipped)", x.fresh(), x.alreadyPresent()));
    if (fresh.fresh() == 0) {
      return null;
    }
    return new RunBatch(
        number,
        corpusPath,
        fresh.corpus(),
        fresh.fresh(),
        skippedFiles,
        fresh.alreadyPresent(),
        history,
        history.runId(),
        RunManifest.runId(config, fingerprint) + "-batch" + number);
  }
}
