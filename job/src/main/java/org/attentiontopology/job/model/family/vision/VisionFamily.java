package org.attentiontopology.job.model.family.vision;

import ai.djl.Device;
import java.nio.file.Path;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.family.ModelFamily;
import org.attentiontopology.job.model.spec.ModelSpec;

/**
 * Vision transformers: inputs are image files, preprocessed as the spec's {@code image} section
 * says ({@link ImagePreprocessing}); tokens are [CLS] and the patches ({@link PatchTokens}); one
 * attention Softmax per layer. No tokenizer, and an image is never truncated or split.
 */
public final class VisionFamily implements ModelFamily {

  @Override
  public boolean readsText() {
    return false;
  }

  @Override
  public void check(ModelSpec spec) {
    if (spec.image() == null) {
      throw new IllegalArgumentException(
          "vision model '"
              + spec.name()
              + "' needs an image { size, resize,"
              + " patch_size, mean, std } section");
    }
    ModelFamily.super.check(spec);
  }

  @Override
  public AttentionModel load(ModelSpec spec, Path workDir, Device device) {
    return ImageAttentionModel.load(spec, workDir, device);
  }
}
