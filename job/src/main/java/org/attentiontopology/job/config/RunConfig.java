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
import java.util.List;
import java.util.Map;
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
      java.util.Arrays.stream(CorpusSettings.Format.values()).map(Choice::value).toList();

  /** The models of the run: one, or several compared over the same corpus. */
  public final List<String> models;

  /** The specs of {@link #models}, with this run's length and batch settings. */
  public final RunModels runModels;

  // One record per section of conf/default.conf, each read and checked where it is parsed.
  public final CorpusSettings corpus;
  public final SparkSettings spark;
  public final InferenceSettings inference;
  public final OutputSettings output;
  public final TokenSettings tokens;
  public final DivergenceSettings divergence;
  public final PersistenceSettings persistence;
  public final TokenAnalysisSettings tokenAnalysis;
  public final ReportSettings report;
  public final ComparisonSettings comparisons;
  public final DiagramStatsSettings diagramStats;

  /** The resolved configuration as canonical JSON (sorted keys), recorded in the run table. */
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
    corpus = CorpusSettings.read(in);
    spark = SparkSettings.read(in, r);
    inference = InferenceSettings.read(in);
    output = OutputSettings.read(in);
    tokens = TokenSettings.read(in);
    divergence = DivergenceSettings.read(in);
    persistence = PersistenceSettings.read(in);
    comparisons = ComparisonSettings.read(in);
    diagramStats = DiagramStatsSettings.read(in);
    report = ReportSettings.read(in);
    tokenAnalysis = TokenAnalysisSettings.read(in);
    json = r.root().render(ConfigRenderOptions.concise().setFormatted(false));
    resultJson =
        r.withoutPath("spark")
            .withoutPath("inference.work-dir")
            .withoutPath("inference.device")
            .withoutPath("output")
            .root()
            .render(ConfigRenderOptions.concise().setFormatted(false));
    runModels = RunModels.resolve(models, inference.maxLength(), inference.batchSize());
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
}
