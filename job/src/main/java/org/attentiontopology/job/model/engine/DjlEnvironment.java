package org.attentiontopology.job.model.engine;

import java.nio.file.Path;

/**
 * The system properties DJL needs to run offline with the natives inside its Maven jars. They must
 * be set before DJL's engine starts, so every model's loading calls {@link #prepare} first;
 * properties or environment variables set by the user win.
 *
 * <ul>
 *   <li>{@code ai.djl.offline=true}: never reach the network (model zoos, native downloads, usage
 *       reporting);
 *   <li>{@code DJL_CACHE_DIR}: where DJL unpacks the tokenizers native library; must be writable.
 *       Defaults to {@code <workDir>/djl-cache} unless the property or the environment variable is
 *       set;
 *   <li>{@code ai.djl.default_engine=OnnxRuntime}: the engine always on the class path.
 * </ul>
 */
public final class DjlEnvironment {

  public static final String OFFLINE = "ai.djl.offline";
  public static final String CACHE_DIR = "DJL_CACHE_DIR";
  public static final String DEFAULT_ENGINE = "ai.djl.default_engine";

  private DjlEnvironment() {}

  /** Sets DJL's properties where neither a property nor an environment variable already does. */
  public static synchronized void prepare(Path workDir) {
    setIfAbsent(OFFLINE, "true");
    setIfAbsent(DEFAULT_ENGINE, ModelEngine.ONNX_RUNTIME.djlName());
    if (System.getProperty(CACHE_DIR) == null && System.getenv(CACHE_DIR) == null) {
      System.setProperty(CACHE_DIR, workDir.resolve("djl-cache").toAbsolutePath().toString());
    }
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
