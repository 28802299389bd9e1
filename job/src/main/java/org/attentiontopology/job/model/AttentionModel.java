package org.attentiontopology.job.model;

import java.nio.file.Path;
import java.util.List;
import org.attentiontopology.job.model.engine.DeviceSelection;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * A model that returns every layer's and head's attention for each input: text for encoders and
 * decoders, the location of an image file for vision models. The analysis does not care which: it
 * sees tokens and T x T rows.
 *
 * <p>Implementations are safe to call from several Spark task threads at once and are shared per
 * JVM through {@link ModelCache}.
 */
public interface AttentionModel extends AutoCloseable {

  /** Loads the model the spec describes on the CPU, by its kind's family. */
  static AttentionModel load(ModelSpec spec, Path workDir) {
    return load(spec, workDir, ai.djl.Device.cpu());
  }

  /**
   * Loads the model the spec describes onto a device ({@link DeviceSelection}), by its kind's
   * family ({@link org.attentiontopology.job.model.family.ModelFamily#load}).
   */
  static AttentionModel load(ModelSpec spec, Path workDir, ai.djl.Device device) {
    return spec.family().load(spec, workDir, device);
  }

  /** The spec it was loaded from. */
  ModelSpec spec();

  /** Number of attention layers. */
  int layers();

  /** Number of heads per layer. */
  int heads();

  /** SHA-256 of the original ONNX file. */
  String onnxSha256();

  /**
   * The attention of each input, in the order given: texts for text models, image file paths or
   * {@code file:} URIs for vision models.
   *
   * @throws AttentionCheckException when a row does not sum to 1 within the spec's tolerance
   * @throws InferenceException when an input cannot be read or ONNX Runtime fails
   */
  List<TextAttention> attend(List<String> inputs);

  /** Releases native resources. Idempotent. */
  @Override
  void close();
}
