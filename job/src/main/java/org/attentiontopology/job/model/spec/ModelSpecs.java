package org.attentiontopology.job.model.spec;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.attentiontopology.job.config.FileIncludesOnly;
import org.attentiontopology.job.model.family.ModelKind;

/**
 * Reads {@link ModelSpec}s: a bundled model by name (its spec is {@code conf/models/<name>.conf},
 * packaged on the class path as {@code models/<name>.conf}), or any spec file given by path.
 */
public final class ModelSpecs {

  /**
   * Each jar that bundles models lists their names in this resource: the job's own (MiniLM, bge),
   * and the tiny random-weight models' jar, which the launcher and the tests carry and a cluster
   * build leaves out.
   */
  static final String CATALOGUE = "models/catalogue.txt";

  /**
   * Models whose spec and weights are on the class path: the names of every {@value #CATALOGUE}, in
   * class path order (the job's own first).
   */
  public static final List<String> BUNDLED = catalogue();

  /** The model used when none is named. */
  public static final String DEFAULT_MODEL = "all-minilm-l6-v2";

  private static final String BUNDLED_FOLDER = "models/";

  private ModelSpecs() {}

  /** Loads a bundled model's spec by name, or a spec file by path. */
  public static ModelSpec load(String nameOrPath) {
    return load(nameOrPath, ConfigFactory.empty());
  }

  /**
   * Loads a bundled model's spec by name, or a spec file by path, with {@code overrides} (same keys
   * as the spec file, e.g. {@code max_length} or {@code inference.batch_size}) taking precedence
   * over the file.
   */
  public static ModelSpec load(String nameOrPath, Config overrides) {
    if (nameOrPath == null || nameOrPath.isBlank()) {
      throw new IllegalArgumentException("no model named: " + availableHint());
    }
    if (BUNDLED.contains(nameOrPath)) {
      String resource = BUNDLED_FOLDER + nameOrPath + ".conf";
      Config file =
          ConfigFactory.parseResources(
              classLoader(),
              resource,
              FileIncludesOnly.options("model spec " + resource).setAllowMissing(false));
      // Bundled specs only name classpath resources, so relative paths have no base folder.
      return fromConfig(overrides.withFallback(file).resolve(), null, resource);
    }
    Path path = Path.of(nameOrPath);
    if (nameOrPath.endsWith(".conf") || Files.isRegularFile(path)) {
      if (!Files.isRegularFile(path)) {
        throw new IllegalArgumentException(
            "model spec file " + path.toAbsolutePath() + " does not exist; " + availableHint());
      }
      // Specs may include files, never URLs: a run reads nothing from the network.
      Config file =
          ConfigFactory.parseFile(
              path.toFile(), FileIncludesOnly.options("model spec " + path).setAllowMissing(false));
      Path base = path.toAbsolutePath().getParent();
      return fromConfig(overrides.withFallback(file).resolve(), base, path.toString());
    }
    throw new IllegalArgumentException("unknown model '" + nameOrPath + "': " + availableHint());
  }

  /**
   * Builds a spec from parsed HOCON. Relative file locations are resolved against {@code baseDir}
   * (the spec file's folder); {@code origin} names the source in error messages.
   */
  public static ModelSpec fromConfig(Config config, Path baseDir, String origin) {
    try {
      String name = config.getString("name");
      ModelKind kind = ModelKind.parse(config.getString("kind"));
      // Image models have no tokenizer; an absent key must not become the spec folder's path.
      String tokenizer =
          !kind.family().readsText() && !config.hasPath("tokenizer")
              ? ""
              : absoluteLocation(config.getString("tokenizer"), baseDir);
      return new ModelSpec(
          name,
          kind,
          absoluteLocation(config.getString("onnx"), baseDir),
          tokenizer,
          config.getInt("max_length"),
          config.hasPath("max_positions") ? config.getInt("max_positions") : 512,
          config.hasPath("layers") ? config.getInt("layers") : 0,
          config.hasPath("heads") ? config.getInt("heads") : 0,
          intOr(config, "inference.intra_op_threads", 1),
          intOr(config, "inference.batch_size", 8),
          intOr(config, "inference.predictors", 2),
          config.hasPath("checks.row_sum_tolerance")
              ? config.getDouble("checks.row_sum_tolerance")
              : 1e-4,
          config.hasPath("image") ? imageSettings(config.getConfig("image")) : null,
          longformerSettings(config, kind));
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid model spec "
              + origin
              + ": "
              + e.getMessage()
              + " (see conf/models/all-minilm-l6-v2.conf for a complete example)",
          e);
    }
  }

  private static ImageSettings imageSettings(Config image) {
    int size = image.getInt("size");
    return new ImageSettings(
        size,
        image.hasPath("resize") ? image.getInt("resize") : size,
        image.getInt("patch_size"),
        image.getDoubleList("mean"),
        image.getDoubleList("std"));
  }

  /**
   * A Longformer's settings from the top-level keys {@code attention_window} (required), {@code
   * global_tokens} (default [0]) and {@code pad_token_id} (default 1), the keys
   * scripts/export-hf-model.py writes; null for other kinds, and for a Longformer without a window,
   * which the spec then refuses saying so.
   */
  private static LongformerSettings longformerSettings(Config config, ModelKind kind) {
    List<String> keys = List.of("attention_window", "global_tokens", "pad_token_id");
    if (kind != ModelKind.LONGFORMER) {
      for (String key : keys) {
        if (config.hasPath(key)) {
          throw new IllegalArgumentException(
              key
                  + " applies to kind = longformer only, and this model is"
                  + " of kind "
                  + kind.configName());
        }
      }
      return null;
    }
    if (!config.hasPath("attention_window")) {
      return null;
    }
    return new LongformerSettings(
        config.getInt("attention_window"),
        config.hasPath("global_tokens") ? config.getIntList("global_tokens") : List.of(0),
        intOr(config, "pad_token_id", 1));
  }

  private static int intOr(Config config, String path, int fallback) {
    return config.hasPath(path) ? config.getInt(path) : fallback;
  }

  private static String absoluteLocation(String location, Path baseDir) {
    if (location.startsWith(ModelSpec.CLASSPATH_PREFIX)) {
      return location;
    }
    Path path = Path.of(location);
    if (!path.isAbsolute() && baseDir != null) {
      path = baseDir.resolve(path);
    }
    return path.toAbsolutePath().normalize().toString();
  }

  private static String availableHint() {
    return "available are "
        + String.join(", ", BUNDLED)
        + "; or pass the path of a model spec file (see conf/models/*.conf)";
  }

  private static List<String> catalogue() {
    Set<String> names = new LinkedHashSet<>();
    try {
      Enumeration<URL> catalogues = classLoader().getResources(CATALOGUE);
      while (catalogues.hasMoreElements()) {
        URL catalogue = catalogues.nextElement();
        try (InputStream in = catalogue.openStream()) {
          for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
              names.add(name);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled models' " + CATALOGUE, e);
    }
    if (names.isEmpty()) {
      throw new IllegalStateException(
          "no "
              + CATALOGUE
              + " on the class path: the job jar lacks its bundled models; rebuild it with"
              + " `mvn -B -DskipTests install`");
    }
    return List.copyOf(names);
  }

  public static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : ModelSpecs.class.getClassLoader();
  }
}
