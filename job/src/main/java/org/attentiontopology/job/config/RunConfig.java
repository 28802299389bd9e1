package org.attentiontopology.job.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentiontopology.divergence.LogBase;
import org.attentiontopology.job.model.spec.RunModels;

/**
 * The typed configuration of one run: conf/default.conf (bundled on the classpath), then an
 * optional --conf file, then --set overrides, resolved once on the driver. Serializable so
 * executors get the same values.
 */
public final class RunConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String ROOT = "attention-topology";
  private static final String DEFAULTS_RESOURCE = "default.conf";

  /**
   * The values of corpus.format: auto detects the others. The command line's help and the README
   * name each one.
   */
  public static final List<String> CORPUS_FORMATS =
      List.of("auto", "text", "jsonl", "csv", "parquet", "arrow");

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

  /** The models of the run: one, or several compared over the same corpus. */
  public final List<String> models;

  /** The specs of {@link #models}, with this run's length and batch settings. */
  public final RunModels runModels;

  public final String corpusFormat;
  public final String idField;
  public final String textField;
  public final String labelField;
  public final String groupField;
  public final String sparkMaster;
  public final String appName;
  public final int partitions;
  public final Map<String, String> sparkConf;
  public final String persistLevel;
  public final int batchSize;
  public final int maxLength;

  /**
   * What happens to a text longer than the model's maximum length: {@code truncate} or {@code
   * window}.
   */
  public final String longTexts;

  /** Word pieces shared by consecutive windows when {@link #longTexts} is {@code window}. */
  public final int windowOverlap;

  public final String workDir;

  /** cpu, gpu or auto: see {@link org.attentiontopology.job.model.engine.DeviceSelection}. */
  public final String device;

  public final boolean keepSpecialTokens;
  public final LogBase logBase;
  public final boolean squareRoot;

  /**
   * divergence.kernels = fast (MixtureEntropy) rather than reference (the straightforward Math.log
   * loops).
   */
  public final boolean fastKernels;

  /**
   * divergence.head-precision = float: head distances by the guarded single-precision kernel (each
   * token's JS within {@link
   * org.attentiontopology.heads.HeadDistanceContribution#FLOAT_RELATIVE_ERROR}); double: the double
   * kernel. Applies with fast kernels only.
   */
  public final boolean singlePrecisionHeads;

  public final int maxDimension;
  public final double threshold;
  public final int headMaxDimension;
  public final String pairs;
  public final int reportExamples;
  public final String reference;
  public final String pairsFile;
  public final boolean wasserstein;
  public final double[] bettiThresholds;
  public final int topK;
  public final boolean wordLevel;
  public final String headImportance;
  public final double edgesThreshold;

  /** The resolved configuration as canonical JSON (sorted keys), recorded in the run table. */
  /**
   * Folder for every example's attention as Arrow IPC files (see docs/tables.md); empty for none.
   */
  public final String dumpAttention;

  public final String json;

  /**
   * The settings that shape the numbers, as JSON: everything but where and how Spark runs (master,
   * partitions, Spark settings, work directory, device). The run id hashes this, so the
   * partitioning never changes the tables.
   */
  public final String resultJson;

  private RunConfig(Config c) {
    Config r = c.getConfig(ROOT);
    SettingReader in = new SettingReader(r);
    models = in.texts("model");
    if (models.isEmpty() || models.size() != new java.util.HashSet<>(models).size()) {
      throw in.wrong(
          "model",
          "does not name one model or distinct models",
          "a model name, or a list of " + "distinct names [a, b]");
    }
    corpusFormat = in.oneOf("corpus.format", CORPUS_FORMATS);
    idField = in.text("corpus.id-field");
    textField = in.text("corpus.text-field");
    labelField = in.text("corpus.label-field");
    groupField = in.text("corpus.group-field");
    sparkMaster = in.text("spark.master");
    appName = in.text("spark.app-name");
    partitions = in.whole("spark.partitions", 0, Integer.MAX_VALUE);
    Map<String, String> conf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : r.getObject("spark.conf").entrySet()) {
      conf.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    sparkConf = conf;
    persistLevel = in.text("spark.persist");
    try {
      org.apache.spark.storage.StorageLevel.fromString(persistLevel);
    } catch (IllegalArgumentException e) {
      throw in.wrong(
          "spark.persist",
          "is not a Spark storage level",
          "DISK_ONLY, MEMORY_AND_DISK_SER or another " + "StorageLevel name",
          STORAGE_LEVELS);
    }
    batchSize = in.whole("inference.batch-size", 1, Integer.MAX_VALUE);
    maxLength = in.whole("inference.max-length", 0, Integer.MAX_VALUE);
    longTexts = in.oneOf("inference.long-texts", List.of("truncate", "window"));
    windowOverlap = in.whole("inference.window-overlap", 0, Integer.MAX_VALUE);
    workDir = in.text("inference.work-dir");
    dumpAttention = in.text("output.dump-attention");
    device = in.oneOf("inference.device", List.of("cpu", "gpu", "auto"));
    keepSpecialTokens = in.flag("tokens.keep-special");
    try {
      logBase = LogBase.parse(in.text("divergence.log-base"));
    } catch (IllegalArgumentException e) {
      throw in.wrong(
          "divergence.log-base",
          "is not a base of the logarithm",
          "2 (bits) or e (nats)",
          List.of("2", "e", "bits", "nats"));
    }
    squareRoot = in.flag("divergence.square-root");
    fastKernels = in.oneOf("divergence.kernels", List.of("fast", "reference")).equals("fast");
    singlePrecisionHeads =
        in.oneOf("divergence.head-precision", List.of("float", "double")).equals("float");
    maxDimension = in.whole("persistence.max-dimension", 0, 2);
    threshold = in.numberOrInfinity("persistence.threshold", 0);
    headMaxDimension = in.whole("persistence.head-max-dimension", 0, 2);
    pairs =
        in.oneOf("comparisons.pairs", List.of("consecutive", "group", "reference", "file", "none"));
    reference = in.text("comparisons.reference");
    pairsFile = in.text("comparisons.pairs-file");
    if (pairs.equals("reference") && reference.isBlank()) {
      throw in.wrong(
          "comparisons.reference",
          "is empty, and comparisons.pairs = reference needs it",
          "the id of the example every other is compared with");
    }
    if (pairs.equals("file") && pairsFile.isBlank()) {
      throw in.wrong(
          "comparisons.pairs-file",
          "is empty, and comparisons.pairs = file needs it",
          "a CSV file of example_a,example_b pairs");
    }
    wasserstein = in.flag("comparisons.wasserstein");
    bettiThresholds = in.numbers("diagram-stats.betti-thresholds");
    reportExamples = in.whole("report.examples", 0, Integer.MAX_VALUE);
    topK = in.whole("token-analysis.top-k", 0, Integer.MAX_VALUE);
    wordLevel = in.flag("token-analysis.word-level");
    headImportance = in.text("token-analysis.head-importance");
    // Attention weights are probabilities.
    edgesThreshold = in.number("token-analysis.edges-threshold", 0, 1);
    json = r.root().render(ConfigRenderOptions.concise().setFormatted(false));
    resultJson =
        r.withoutPath("spark")
            .withoutPath("inference.work-dir")
            .withoutPath("inference.device")
            .withoutPath("output")
            .root()
            .render(ConfigRenderOptions.concise().setFormatted(false));
    runModels = RunModels.resolve(models, maxLength, batchSize);
  }

  /**
   * Loads defaults, then the optional file, then the key=value overrides (keys relative to the
   * root).
   */
  public static RunConfig load(Path confFile, List<String> overrides) {
    Config defaults =
        ConfigFactory.parseResources(RunConfig.class.getClassLoader(), DEFAULTS_RESOURCE);
    if (!defaults.hasPath(ROOT)) {
      throw new IllegalStateException(
          "bundled "
              + DEFAULTS_RESOURCE
              + " is missing from the classpath: rebuild "
              + "with `mvn -pl job -am package`");
    }
    Config known = defaults.getConfig(ROOT);
    Config c = defaults;
    if (confFile != null) {
      if (!Files.isRegularFile(confFile)) {
        throw new IllegalArgumentException(
            "configuration file " + confFile + " does not exist or is not a file");
      }
      // Like model specs, a configuration file may include files, never URLs.
      Config file =
          ConfigFactory.parseFile(
              new File(confFile.toString()),
              FileIncludesOnly.options("configuration file " + confFile));
      Config rooted = file.hasPath(ROOT) ? file : file.atPath(ROOT);
      for (Map.Entry<String, ConfigValue> e : rooted.getConfig(ROOT).entrySet()) {
        if (!isSetting(known, e.getKey())) {
          throw unknownSetting(known, e.getKey(), SettingReader.from(e.getValue().origin()));
        }
      }
      c = rooted.withFallback(c);
    }
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--set takes key=value, got '"
                + o
                + "' (for example --set "
                + "persistence.max-dimension=0)");
      }
      String key = o.substring(0, eq).trim();
      if (key.startsWith(ROOT + ".")) {
        key = key.substring(ROOT.length() + 1);
      }
      if (!isSetting(known, key)) {
        throw unknownSetting(known, key, " (from --set " + o + ")");
      }
      String value = o.substring(eq + 1).trim();
      try {
        c =
            ConfigFactory.parseString(
                    ROOT + "." + key + " = " + quote(value),
                    FileIncludesOnly.options("--set " + o).setOriginDescription("--set " + o))
                .withFallback(c);
      } catch (ConfigException.Parse e) {
        throw new IllegalArgumentException(
            "setting "
                + key
                + ": "
                + value
                + " cannot be read ("
                + e.getMessage()
                + "); quote text values and write lists as [a, b] (from --set "
                + o
                + ")");
      }
    }
    return new RunConfig(c.resolve());
  }

  /** A key of conf/default.conf, or any Spark setting under spark.conf. */
  private static boolean isSetting(Config known, String key) {
    try {
      return key.startsWith("spark.conf.")
          || known.hasPath(key)
              && !known
                  .getValue(key)
                  .valueType()
                  .equals(com.typesafe.config.ConfigValueType.OBJECT);
    } catch (ConfigException.BadPath e) {
      return false;
    }
  }

  private static IllegalArgumentException unknownSetting(Config known, String key, String from) {
    List<String> keys =
        known.entrySet().stream()
            .map(Map.Entry::getKey)
            .filter(k -> !k.startsWith("spark.conf."))
            .sorted()
            .toList();
    return new IllegalArgumentException(
        "setting "
            + key
            + ": no such setting"
            + Suggestions.didYouMean(key, keys)
            + from
            + "; every setting, with its meaning, is in conf/default.conf");
  }

  public static RunConfig defaults() {
    return load(null, List.of());
  }

  private static String quote(String v) {
    return ConfigValueQuoting.quote(v);
  }

  private static String stripQuotes(String k) {
    return k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"")
        ? k.substring(1, k.length() - 1)
        : k;
  }
}
