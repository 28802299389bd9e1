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

/**
 * The typed configuration of one run: conf/default.conf (bundled on the classpath), then an optional --conf file,
 * then --set overrides, resolved once on the driver. Serializable so executors get the same values.
 */
public final class RunConfig implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String ROOT = "attention-topology";
  private static final String DEFAULTS_RESOURCE = "default.conf";

  /** The models of the run: one, or several compared over the same corpus. */
  public final List<String> models;
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
  /** What happens to a text longer than the model's maximum length: {@code truncate} or {@code window}. */
  public final String longTexts;
  /** Word pieces shared by consecutive windows when {@link #longTexts} is {@code window}. */
  public final int windowOverlap;
  public final String workDir;
  /** cpu, gpu or auto: see {@link org.attentiontopology.job.model.DeviceSelection}. */
  public final String device;
  public final boolean keepSpecialTokens;
  public final LogBase logBase;
  public final boolean squareRoot;
  /** divergence.kernels = fast (MixtureEntropy) rather than reference (the straightforward Math.log loops). */
  public final boolean fastKernels;
  /**
   * divergence.head-precision = float: head distances by the guarded single-precision kernel (each token's JS within
   * {@link org.attentiontopology.heads.HeadDistanceContribution#FLOAT_RELATIVE_ERROR}); double: the double kernel.
   * Applies with fast kernels only.
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
  /** Folder for every example's attention as Arrow IPC files (see docs/tables.md); empty for none. */
  public final String dumpAttention;
  public final String json;
  /**
   * The settings that shape the numbers, as JSON: everything but where and how Spark runs (master, partitions,
   * Spark settings, work directory, device). The run id hashes this, so the partitioning never changes the tables.
   */
  public final String resultJson;

  private RunConfig(Config c) {
    Config r = c.getConfig(ROOT);
    models = r.getValue("model").valueType() == com.typesafe.config.ConfigValueType.LIST
        ? List.copyOf(r.getStringList("model")) : List.of(r.getString("model"));
    if (models.isEmpty() || models.size() != new java.util.HashSet<>(models).size()) {
      throw new ConfigException.BadValue(r.origin(), ROOT + ".model", "name one model, or a list of distinct "
          + "models, got " + models);
    }
    corpusFormat = oneOf(r, "corpus.format",
        List.of("auto", "text", "jsonl", "csv", "parquet", "arrow"));
    idField = r.getString("corpus.id-field");
    textField = r.getString("corpus.text-field");
    labelField = r.getString("corpus.label-field");
    groupField = r.getString("corpus.group-field");
    sparkMaster = r.getString("spark.master");
    appName = r.getString("spark.app-name");
    partitions = atLeast(r, "spark.partitions", 0);
    Map<String, String> conf = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : r.getObject("spark.conf").entrySet()) {
      conf.put(stripQuotes(e.getKey()), String.valueOf(e.getValue().unwrapped()));
    }
    sparkConf = conf;
    persistLevel = r.getString("spark.persist");
    try {
      org.apache.spark.storage.StorageLevel.fromString(persistLevel);
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(r.origin(), ROOT + ".spark.persist", "'" + persistLevel + "' is not a Spark "
          + "storage level: use DISK_ONLY, MEMORY_AND_DISK_SER or another StorageLevel name");
    }
    batchSize = atLeast(r, "inference.batch-size", 1);
    maxLength = atLeast(r, "inference.max-length", 0);
    longTexts = oneOf(r, "inference.long-texts", List.of("truncate", "window"));
    windowOverlap = atLeast(r, "inference.window-overlap", 0);
    workDir = r.getString("inference.work-dir");
    dumpAttention = r.getString("output.dump-attention");
    device = oneOf(r, "inference.device", List.of("cpu", "gpu", "auto"));
    keepSpecialTokens = r.getBoolean("tokens.keep-special");
    try {
      logBase = LogBase.parse(r.getString("divergence.log-base"));
    } catch (IllegalArgumentException e) {
      throw new ConfigException.BadValue(r.origin(), ROOT + ".divergence.log-base", e.getMessage());
    }
    squareRoot = r.getBoolean("divergence.square-root");
    fastKernels = oneOf(r, "divergence.kernels", List.of("fast", "reference")).equals("fast");
    singlePrecisionHeads = oneOf(r, "divergence.head-precision", List.of("float", "double")).equals("float");
    maxDimension = between(r, "persistence.max-dimension", 0, 2);
    String t = r.getString("persistence.threshold").trim();
    threshold = t.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : r.getDouble("persistence.threshold");
    if (!(threshold >= 0)) {
      throw new ConfigException.BadValue(r.origin(), ROOT + ".persistence.threshold",
          "must be a distance >= 0 or \"inf\" (the whole filtration), got " + t);
    }
    headMaxDimension = between(r, "persistence.head-max-dimension", 0, 2);
    pairs = oneOf(r, "comparisons.pairs", List.of("consecutive", "group", "reference", "file", "none"));
    reference = r.getString("comparisons.reference");
    pairsFile = r.getString("comparisons.pairs-file");
    if (pairs.equals("reference") && reference.isBlank()) {
      throw new ConfigException.BadValue(r.origin(), ROOT + ".comparisons.reference",
          "comparisons.pairs = reference needs the reference example's id in comparisons.reference");
    }
    if (pairs.equals("file") && pairsFile.isBlank()) {
      throw new ConfigException.BadValue(r.origin(), ROOT + ".comparisons.pairs-file",
          "comparisons.pairs = file needs a CSV file of example_a,example_b pairs in comparisons.pairs-file");
    }
    wasserstein = r.getBoolean("comparisons.wasserstein");
    bettiThresholds = r.getDoubleList("diagram-stats.betti-thresholds").stream().mapToDouble(Double::doubleValue)
        .toArray();
    reportExamples = atLeast(r, "report.examples", 0);
    topK = atLeast(r, "token-analysis.top-k", 0);
    wordLevel = r.getBoolean("token-analysis.word-level");
    headImportance = r.getString("token-analysis.head-importance");
    edgesThreshold = r.getDouble("token-analysis.edges-threshold");
    if (edgesThreshold < 0 || edgesThreshold > 1) {
      throw new ConfigException.BadValue(r.origin(), ROOT + ".token-analysis.edges-threshold",
          "must be in [0, 1] (attention weights are probabilities), got " + edgesThreshold);
    }
    json = r.root().render(ConfigRenderOptions.concise().setFormatted(false));
    resultJson = r.withoutPath("spark").withoutPath("inference.work-dir").withoutPath("inference.device")
        .withoutPath("output").root()
        .render(ConfigRenderOptions.concise().setFormatted(false));
  }

  /** The model specs this run uses: the named or given specs with the run's length and batch settings. */
  public List<org.attentiontopology.job.model.ModelSpec> modelSpecs() {
    List<org.attentiontopology.job.model.ModelSpec> specs = new java.util.ArrayList<>();
    for (String model : models) {
      org.attentiontopology.job.model.ModelSpec spec = org.attentiontopology.job.model.ModelSpecs.load(model);
      if (maxLength > 0) {
        spec = spec.withMaxLength(maxLength);
      }
      specs.add(spec.withInference(spec.intraOpThreads(), batchSize, spec.predictors()));
    }
    if (specs.stream().map(org.attentiontopology.job.model.ModelSpec::name).distinct().count() != specs.size()) {
      throw new IllegalArgumentException("the models " + models + " have the same name in their specs; every "
          + "model of a run needs its own name");
    }
    return specs;
  }

  /** Loads defaults, then the optional file, then the key=value overrides (keys relative to the root). */
  public static RunConfig load(Path confFile, List<String> overrides) {
    Config defaults = ConfigFactory.parseResources(RunConfig.class.getClassLoader(), DEFAULTS_RESOURCE);
    if (!defaults.hasPath(ROOT)) {
      throw new IllegalStateException("bundled " + DEFAULTS_RESOURCE + " is missing from the classpath: rebuild "
          + "with `mvn -pl job -am package`");
    }
    Config c = defaults;
    if (confFile != null) {
      if (!Files.isRegularFile(confFile)) {
        throw new IllegalArgumentException("configuration file " + confFile + " does not exist or is not a file");
      }
      Config file = ConfigFactory.parseFile(new File(confFile.toString()));
      c = (file.hasPath(ROOT) ? file : file.atPath(ROOT)).withFallback(c);
    }
    for (String o : overrides) {
      int eq = o.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--set takes key=value, got '" + o + "' (for example --set "
            + "persistence.max-dimension=0)");
      }
      String key = o.substring(0, eq).trim();
      if (key.startsWith(ROOT + ".")) {
        key = key.substring(ROOT.length() + 1);
      }
      if (!defaults.hasPath(ROOT + "." + key) && !key.startsWith("spark.conf.")) {
        throw new IllegalArgumentException("--set " + key + ": no such setting; see conf/default.conf for the keys");
      }
      c = ConfigFactory.parseString(ROOT + "." + key + " = " + quote(o.substring(eq + 1).trim())).withFallback(c);
    }
    return new RunConfig(c.resolve());
  }

  public static RunConfig defaults() {
    return load(null, List.of());
  }

  private static String quote(String v) {
    return ConfigValueQuoting.quote(v);
  }

  private static String stripQuotes(String k) {
    return k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"") ? k.substring(1, k.length() - 1) : k;
  }

  private static int atLeast(Config r, String key, int min) {
    int v = r.getInt(key);
    if (v < min) {
      throw new ConfigException.BadValue(r.origin(), ROOT + "." + key, "must be >= " + min + ", got " + v);
    }
    return v;
  }

  private static int between(Config r, String key, int min, int max) {
    int v = r.getInt(key);
    if (v < min || v > max) {
      throw new ConfigException.BadValue(r.origin(), ROOT + "." + key,
          "must be between " + min + " and " + max + ", got " + v);
    }
    return v;
  }

  private static String oneOf(Config r, String key, List<String> allowed) {
    String v = r.getString(key);
    if (!allowed.contains(v)) {
      throw new ConfigException.BadValue(r.origin(), ROOT + "." + key, "must be one of " + allowed + ", got '" + v
          + "'");
    }
    return v;
  }
}
