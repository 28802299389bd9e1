package org.attentiontopology.job.model.family;

import ai.djl.Device;
import java.nio.file.Path;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * Everything that differs between kinds of model, in one place per kind, in the spirit of DJL's
 * {@code Translator}: what its inputs are (texts through the spec's tokenizer, or image files
 * through the spec's preprocessing), which spec entries it needs, how its graph exposes attention
 * and how a translator reads it back as T x T rows. The job, the engines and the ONNX surgery ask a
 * model's family ({@link ModelKind#family()}) rather than its kind, so a new kind is one family and
 * no switch elsewhere.
 *
 * <p>Families are stateless and shared by every spec of their kind.
 */
public interface ModelFamily {

  /**
   * Whether inputs are texts cut into tokens by the spec's tokenizer.json (else image files): it
   * decides the corpus reader, and whether long inputs can be truncated or split into windows.
   */
  boolean readsText();

  /**
   * Attention Softmax nodes per layer in this family's ONNX exports (the surgery checks the count
   * against the spec's layers).
   */
  default int softmaxesPerLayer() {
    return 1;
  }

  /**
   * Refuses a spec this family cannot run, naming the entry to fix; called when a spec is made.
   * Every family but the Longformer's refuses Longformer settings.
   *
   * @throws IllegalArgumentException naming the model and the spec entry
   */
  default void check(ModelSpec spec) {
    if (spec.longformer() != null) {
      throw new IllegalArgumentException(
          "model '"
              + spec.name()
              + "' is of kind "
              + spec.kind().configName()
              + ": attention_window and global_tokens apply to kind = longformer only");
    }
  }

  /**
   * Loads the spec's model onto a device, its attention exposed and checked against the spec by one
   * probe inference.
   *
   * @param workDir a writable folder for prepared model files and DJL's native cache
   * @throws org.attentiontopology.job.model.ModelLoadException naming the file at fault and what to
   *     do
   */
  AttentionModel load(ModelSpec spec, Path workDir, Device device);
}
