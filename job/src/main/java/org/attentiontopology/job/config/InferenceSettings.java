package org.attentiontopology.job.config;

import java.io.Serializable;

/** The {@code inference} section: batches, lengths, where models run. */
public record InferenceSettings(
    int batchSize,
    int maxLength,
    LongTexts longTexts,
    int windowOverlap,
    String workDir,
    Device device)
    implements Serializable {

  /** What happens to a text longer than the model's maximum length. */
  public enum LongTexts implements Choice {
    TRUNCATE,
    WINDOW
  }

  /** Where each task runs the model (see model.engine.DeviceSelection). */
  public enum Device implements Choice {
    CPU,
    GPU,
    AUTO
  }

  static InferenceSettings read(SettingReader in) {
    return new InferenceSettings(
        in.whole("inference.batch-size", 1, Integer.MAX_VALUE),
        in.whole("inference.max-length", 0, Integer.MAX_VALUE),
        in.choice("inference.long-texts", LongTexts.class),
        in.whole("inference.window-overlap", 0, Integer.MAX_VALUE),
        in.text("inference.work-dir"),
        in.choice("inference.device", Device.class));
  }

  public boolean windowed() {
    return longTexts == LongTexts.WINDOW;
  }
}
