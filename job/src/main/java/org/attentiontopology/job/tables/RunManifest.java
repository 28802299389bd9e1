package org.attentiontopology.job.tables;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.attentiontopology.job.config.RunConfig;
import org.attentiontopology.job.corpus.CorpusSchema;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * The `run` table: one row that says what was computed and how, so that every number in the other
 * tables can be read without guessing. Written last: a run directory without it did not finish.
 */
public final class RunManifest {

  private final RunConfig config;
  private final String corpus;
  private final Instant started;
  private final Instant finished;
  private final double wallSeconds;
  private final long examples;
  private final long errors;
  private final long truncated;
  private final Map<String, Long> tableRows;
  private final Map<String, Double> stageSeconds;
  private final String longTexts;
  private long skippedFiles;
  private int batch = 1;
  private long alreadyPresent;

  public RunManifest(
      RunConfig config,
      String corpus,
      Instant started,
      Instant finished,
      double wallSeconds,
      long examples,
      long errors,
      long truncated,
      Map<String, Long> tableRows,
      Map<String, Double> stageSeconds,
      String longTexts) {
    this.config = config;
    this.corpus = corpus;
    this.started = started;
    this.finished = finished;
    this.wallSeconds = wallSeconds;
    this.examples = examples;
    this.errors = errors;
    this.truncated = truncated;
    this.tableRows = tableRows;
    this.stageSeconds = stageSeconds;
    this.longTexts = longTexts;
  }

  /**
   * Files of the corpus folder left out by rule (hidden names, empty files, ...), which the console
   * lists.
   */
  public RunManifest withSkippedFiles(long n) {
    this.skippedFiles = n;
    return this;
  }

  /**
   * Which batch of the run this row describes (1 for a run's first corpus, then one more per
   * append), and how many of its corpus records the run held already (skipped).
   */
  public RunManifest inBatch(int batch, long alreadyPresent) {
    this.batch = batch;
    this.alreadyPresent = alreadyPresent;
    return this;
  }

  /**
   * The settings that shape the numbers, hashed: batches of one run share it, and an append whose
   * hash differs is refused (RunHistory names the settings that differ).
   */
  public static String configHash(RunConfig config) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of()
          .formatHex(sha.digest(config.resultJson.getBytes(StandardCharsets.UTF_8)), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * What this model does with texts longer than its maximum length, in words, for the run table.
   */
  public static String longTexts(RunConfig config, ModelSpec spec) {
    if (!spec.family().readsText()) {
      return "not applicable: an image is always " + spec.name() + "'s fixed number of patches";
    }
    return config.inference.windowed()
        ? "windows of "
            + spec.maxLength()
            + " tokens overlapping by "
            + config.inference.windowOverlap()
            + " word pieces "
            + "(a text whose windows do not tokenize back to their pieces is truncated to "
            + spec.maxLength()
            + " tokens and flagged truncated)"
        : "truncate to " + spec.maxLength() + " tokens (flagged truncated)";
  }

  /** The corpus content in one number (order-independent) and its size. */
  public record CorpusFingerprint(long hash, long count) {}

  public static CorpusFingerprint fingerprint(Dataset<Row> corpus) {
    Row fp =
        corpus
            .selectExpr(
                "bit_xor(xxhash64("
                    + CorpusSchema.ORDINAL
                    + ", "
                    + CorpusSchema.EXAMPLE_ID
                    + ", "
                    + CorpusSchema.TEXT
                    + "))",
                "count(*)")
            .first();
    return new CorpusFingerprint(fp.isNullAt(0) ? 0 : fp.getLong(0), fp.getLong(1));
  }

  /**
   * A run id that depends only on the configuration and the corpus content, so a rerun of the same
   * input writes identical tables.
   */
  public static String runId(RunConfig config, CorpusFingerprint corpus) {
    String fingerprint = Long.toHexString(corpus.hash()) + ":" + corpus.count();
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(config.resultJson.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(fingerprint.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public Row row() {
    String base =
        config.divergence.logBase() == org.attentiontopology.divergence.LogBase.TWO ? "2" : "e";
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("batch", batch);
    v.put("corpus", corpus);
    v.put("started_at", Timestamp.from(started));
    v.put("finished_at", Timestamp.from(finished));
    v.put("wall_seconds", wallSeconds);
    v.put("stage_seconds", scalaMap(stageSeconds));
    v.put("n_examples", examples);
    v.put("n_errors", errors);
    v.put("n_truncated", truncated);
    v.put("n_skipped_files", skippedFiles);
    v.put("long_texts", longTexts);
    v.put("table_rows", scalaMap(tableRows));
    v.put("log_base", base);
    v.put("square_root", config.divergence.squareRoot());
    v.put(
        "token_distance",
        (config.divergence.squareRoot()
                ? "sqrt(JS divergence, log base "
                    + base
                    + "): the Jensen-Shannon distance, a metric"
                : "JS divergence, log base " + base + " (no square root: not a metric)")
            + "; rows used as the model gives them, no second softmax");
    v.put(
        "head_distance",
        "D(Hi, Hj) = sum over every token of the corpus of sqrt(JS(Hi(token), Hj(token))), log base "
            + base
            + "; js_divergence_sum is the sum of JS divergences in nats (Clark et al. 2019)"
            + (config.divergence.fastKernels() && config.divergence.singlePrecisionHeads()
                ? "; mixture entropies in single precision, each "
                    + "token's JS within "
                    + org.attentiontopology.heads.HeadDistanceContribution.FLOAT_RELATIVE_ERROR
                    + " relative of the exact value (recomputed in double where single precision cannot promise it)"
                : "; in double precision"));
    v.put(
        "indexing",
        "layers and heads are 0-based; positions are 0-based token positions after truncation");
    v.put(
        "infinite_death",
        "death is NULL for an essential (infinite) bar; is_essential / n_essential say so explicitly");
    v.put(
        "zero_length_bars",
        "H0 diagrams keep all n bars (zero-length ones included); dimensions >= 1 omit bars with death == birth, "
            + "as Ripser and gudhi do");
    v.put("special_tokens_kept", config.tokens.keepSpecial());
    v.put(
        "tokens_kept",
        config.tokens.keepSpecial()
            ? "all tokens, special tokens ([CLS], [SEP], <s>, ...) included"
            : "special tokens removed; remaining rows renormalised to sum to 1");
    v.put(
        "token_units",
        config.tokenAnalysis.wordLevel()
            ? "words: word pieces pooled (attention to a word summed over its pieces, from a word "
                + "averaged over them) in top_attended, token_attention and head_stats"
            : "tokens (word pieces, special tokens included) in top_attended, token_attention and head_stats");
    v.put("max_dimension", config.persistence.maxDimension());
    v.put(
        "threshold",
        Double.isInfinite(config.persistence.threshold()) ? null : config.persistence.threshold());
    v.put("config", config.json);
    v.put("config_hash", configHash(config));
    v.put("result_config", config.resultJson);
    v.put("n_already_present", alreadyPresent);
    v.put("versions", scalaMap(versions()));
    return OutputTables.RUN.row(v);
  }

  private static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    Package p = RunManifest.class.getPackage();
    v.put(
        "attention_topology",
        p.getImplementationVersion() == null ? "dev" : p.getImplementationVersion());
    v.put("spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    v.put("java", System.getProperty("java.version"));
    v.put("djl", ai.djl.engine.Engine.getDjlVersion());
    return v;
  }

  private static <K, V> scala.collection.immutable.Map<K, V> scalaMap(Map<K, V> m) {
    return scala.collection.immutable.Map.from(scala.jdk.javaapi.CollectionConverters.asScala(m));
  }
}
