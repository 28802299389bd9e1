package org.attentiontopology.job.model.spec;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * How a vision model wants its images: the shorter side is resized to {@code resizeSize} (bilinear,
 * half-pixel centres), the centre {@code imageSize} x {@code imageSize} square is cut out, pixel
 * values are scaled to [0, 1] and normalised per channel with {@code (x - mean) / std}. The patch
 * grid ({@code imageSize / patchSize} squared patches after a [CLS] token) names the tokens.
 *
 * <p>Lists rather than arrays, so that specs compare by value (they key the per-JVM model cache).
 *
 * @param imageSize side of the square the model takes, in pixels
 * @param resizeSize side the shorter image side is resized to before cropping, at least {@code
 *     imageSize}
 * @param patchSize side of one patch, dividing {@code imageSize}
 * @param mean per-channel mean (R, G, B) subtracted after scaling to [0, 1]
 * @param std per-channel standard deviation (R, G, B) divided by
 */
public record ImageSettings(
    int imageSize, int resizeSize, int patchSize, List<Double> mean, List<Double> std)
    implements Serializable {

  public ImageSettings {
    if (imageSize < 1 || patchSize < 1 || imageSize % patchSize != 0) {
      throw new IllegalArgumentException(
          "image.size "
              + imageSize
              + " must be a positive multiple of"
              + " image.patch_size "
              + patchSize);
    }
    if (resizeSize < imageSize) {
      throw new IllegalArgumentException(
          "image.resize "
              + resizeSize
              + " must be at least image.size "
              + imageSize
              + " (the centre crop is cut from the resized image)");
    }
    mean = List.copyOf(Objects.requireNonNull(mean, "mean"));
    std = List.copyOf(Objects.requireNonNull(std, "std"));
    if (mean.size() != 3 || std.size() != 3) {
      throw new IllegalArgumentException(
          "image.mean and image.std need 3 values (R, G, B), not "
              + mean.size()
              + " and "
              + std.size());
    }
    for (double s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("image.std values must be positive: " + std);
      }
    }
  }

  /** Patches per row (and per column) of the square image. */
  public int patchesPerSide() {
    return imageSize / patchSize;
  }
}
