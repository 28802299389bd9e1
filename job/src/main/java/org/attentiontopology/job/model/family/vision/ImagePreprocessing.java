package org.attentiontopology.job.model.family.vision;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.attentiontopology.job.model.UnreadableImageException;
import org.attentiontopology.job.model.spec.ImageSettings;

/**
 * Turns image bytes into a vision model's input, as {@link ImageSettings} describes: decode (PNG or
 * JPEG, with javax.imageio, after checking the size the header declares, {@link #MAX_PIXELS}),
 * resize the shorter side (bilinear with half-pixel centres and edge clamping, no antialiasing: the
 * same as torch's {@code interpolate(mode="bilinear", align_corners=False)}, so that a Python
 * reference can reproduce it exactly), cut the centre square, scale to [0, 1] and normalise per
 * channel. The resize samples the decoded image directly, so one image costs its decoded raster and
 * no copy of it.
 */
public final class ImagePreprocessing {

  private ImagePreprocessing() {}

  /**
   * The normalised pixels, channel-major: {@code [3][size][size]} flattened (R plane, then G, then
   * B).
   *
   * @param origin names the image in error messages
   * @throws UnreadableImageException when the bytes are empty or do not decode
   */
  /**
   * Most pixels an image may declare (50 megapixels, 200 MB decoded): a bound on what one example
   * allocates, checked from the header before decoding.
   */
  public static final long MAX_PIXELS = 50_000_000L;

  public static float[] pixels(byte[] bytes, ImageSettings settings, String origin) {
    return normalise(resizeAndCrop(decode(bytes, origin), settings), settings);
  }

  /**
   * Decodes an image, after checking the size its header declares: a small file can declare 26000 x
   * 26000 pixels, and decoding it would allocate gigabytes before any pixel is read.
   */
  static BufferedImage decode(byte[] bytes, String origin) {
    if (bytes == null || bytes.length == 0) {
      throw new UnreadableImageException("image " + origin + " is empty (0 bytes)");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new UnreadableImageException(
            "image "
                + origin
                + " does not decode: not a PNG or JPEG that"
                + " javax.imageio can read ("
                + bytes.length
                + " bytes)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
          throw new UnreadableImageException(
              "image " + origin + " has zero size (" + width + " x " + height + ")");
        }
        if ((long) width * height > MAX_PIXELS) {
          throw new UnreadableImageException(
              "image "
                  + origin
                  + " declares "
                  + width
                  + " x "
                  + height
                  + " pixels, more than the "
                  + MAX_PIXELS / 1_000_000
                  + " megapixels one image may decode "
                  + "to: downscale it (the model sees it at a few hundred pixels a side anyway)");
        }
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof UnreadableImageException u) {
        throw u;
      }
      throw new UnreadableImageException(
          "image " + origin + " does not decode: " + e.getMessage(), e);
    }
  }

  /**
   * The shorter side resized to {@code resizeSize}, then the centre {@code imageSize} square; RGB
   * in 0..255.
   */
  static double[][][] resizeAndCrop(BufferedImage image, ImageSettings settings) {
    int height = image.getHeight();
    int width = image.getWidth();
    int resize = settings.resizeSize();
    // torchvision's rule: the longer side keeps the aspect ratio, rounded down.
    int newHeight = width <= height ? (int) ((long) resize * height / width) : resize;
    int newWidth = width <= height ? resize : (int) ((long) resize * width / height);
    int size = settings.imageSize();
    int top = (int) Math.round((newHeight - size) / 2.0);
    int left = (int) Math.round((newWidth - size) / 2.0);
    double[][][] out = new double[3][size][size];
    for (int y = 0; y < size; y++) {
      Sample sy = Sample.of(y + top, height, newHeight);
      for (int x = 0; x < size; x++) {
        Sample sx = Sample.of(x + left, width, newWidth);
        int topLeft = image.getRGB(sx.low, sy.low);
        int topRight = image.getRGB(sx.high, sy.low);
        int bottomLeft = image.getRGB(sx.low, sy.high);
        int bottomRight = image.getRGB(sx.high, sy.high);
        for (int c = 0; c < 3; c++) {
          int shift = 16 - 8 * c; // R, G, B
          double upper =
              channel(topLeft, shift) * (1 - sx.weight) + channel(topRight, shift) * sx.weight;
          double lower =
              channel(bottomLeft, shift) * (1 - sx.weight)
                  + channel(bottomRight, shift) * sx.weight;
          out[c][y][x] = upper * (1 - sy.weight) + lower * sy.weight;
        }
      }
    }
    return out;
  }

  private static int channel(int argb, int shift) {
    return (argb >> shift) & 0xff;
  }

  /**
   * Where one output pixel samples its input along one axis: two neighbours and the weight of the
   * second.
   */
  private record Sample(int low, int high, double weight) {
    static Sample of(int target, int inputSize, int outputSize) {
      double source = Math.max(0, (target + 0.5) * inputSize / outputSize - 0.5);
      int low = Math.min((int) Math.floor(source), inputSize - 1);
      int high = Math.min(low + 1, inputSize - 1);
      return new Sample(low, high, source - low);
    }
  }

  private static float[] normalise(double[][][] rgb, ImageSettings settings) {
    int size = settings.imageSize();
    float[] out = new float[3 * size * size];
    for (int c = 0; c < 3; c++) {
      double mean = settings.mean().get(c);
      double std = settings.std().get(c);
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          out[(c * size + y) * size + x] = (float) ((rgb[c][y][x] / 255.0 - mean) / std);
        }
      }
    }
    return out;
  }
}
