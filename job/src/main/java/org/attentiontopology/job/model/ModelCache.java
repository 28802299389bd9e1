package org.attentiontopology.job.model;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.attentiontopology.job.model.engine.DeviceSelection;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * One loaded model per spec, work folder and device per JVM, shared by every Spark task on an
 * executor: loading costs seconds and about 100 MB, and {@link AttentionModel#attend} is safe to
 * call from several task threads. Models stay loaded until {@link #closeAll} or JVM exit.
 */
public final class ModelCache {

  private record Key(ModelSpec spec, Path workDir, Device device) {}

  private static final Map<Key, AttentionModel> MODELS = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ModelCache::closeAll, "model-cache-close"));
  }

  private ModelCache() {}

  /** System property naming the work folder used by {@link #get(ModelSpec)}. */
  public static final String WORK_DIR_PROPERTY = "attention.topology.work.dir";

  /**
   * The work folder for surgered models and DJL's cache when none is given: the system property
   * {@value #WORK_DIR_PROPERTY}, else {@code <java.io.tmpdir>/attention-topology-<user>} (per user,
   * so that several users of one machine never share files). Never an executor's working directory:
   * DJL scans model folders for jars.
   */
  public static Path defaultWorkDir() {
    String configured = System.getProperty(WORK_DIR_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
    return Path.of(System.getProperty("java.io.tmpdir"), "attention-topology-" + user);
  }

  /** The shared model for this spec in the {@linkplain #defaultWorkDir() default work folder}. */
  public static AttentionModel get(ModelSpec spec) {
    return get(spec, defaultWorkDir());
  }

  /**
   * The shared model for this spec and work folder, loaded on first use. Concurrent first calls
   * load once; a failed load is not cached, so the next call tries again and reports the error
   * again.
   */
  public static AttentionModel get(ModelSpec spec, Path workDir) {
    return get(spec, workDir, Device.cpu());
  }

  /**
   * The shared model for this spec and work folder on one device ({@link DeviceSelection}): an
   * executor with several GPUs holds one model per GPU its tasks were given.
   */
  public static AttentionModel get(ModelSpec spec, Path workDir, Device device) {
    Key key = new Key(spec, workDir.toAbsolutePath().normalize(), device);
    return MODELS.computeIfAbsent(key, k -> AttentionModel.load(k.spec(), k.workDir(), k.device()));
  }

  /** Closes and forgets every cached model (tests, or a driver that is done with inference). */
  public static synchronized void closeAll() {
    for (AttentionModel model : MODELS.values()) {
      model.close();
    }
    MODELS.clear();
  }
}
