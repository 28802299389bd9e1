package org.attentiontopology.job.model.family.vision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.attentiontopology.job.model.UnreadableImageException;
import org.attentiontopology.job.model.spec.ImageSettings;
import org.junit.jupiter.api.Test;

/**
 * One image never exhausts the heap: the size a header declares is checked before anything is
 * decoded.
 */
public class ImageBoundsTest {
  static final ImageSettings SETTINGS =
      new ImageSettings(4, 4, 2, List.of(0.5, 0.5, 0.5), List.of(0.5, 0.5, 0.5));

  public static byte[] png(int width, int height) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, (x * 40) << 16 | (y * 40) << 8 | 90);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  /**
   * A small PNG whose header claims another size: IHDR's width and height rewritten, its CRC
   * recomputed.
   */
  public static byte[] declaring(byte[] png, int width, int height) {
    byte[] b = png.clone();
    // Signature (8 bytes), then IHDR: length (4), type (4), width (4), height (4), ..., CRC over
    // type and data.
    ByteBuffer.wrap(b).putInt(16, width).putInt(20, height);
    CRC32 crc = new CRC32();
    crc.update(b, 12, 4 + 13);
    ByteBuffer.wrap(b).putInt(12 + 4 + 13, (int) crc.getValue());
    return b;
  }

  @Test
  void anImageDeclaringHugeDimensionsIsRefusedBeforeDecoding() throws Exception {
    byte[] bomb = declaring(png(2, 2), 26000, 26000);
    UnreadableImageException e =
        assertThrows(
            UnreadableImageException.class,
            () -> ImagePreprocessing.pixels(bomb, SETTINGS, "bomb.png"));
    assertTrue(e.getMessage().contains("bomb.png declares 26000 x 26000 pixels"), e.getMessage());
  }

  @Test
  void anOrdinaryImageStillDecodesToTheSamePixels() throws Exception {
    // A 4 x 4 image resized to 4 and cropped to 4 is itself: each value is (channel / 255 - 0.5) /
    // 0.5.
    float[] pixels = ImagePreprocessing.pixels(png(4, 4), SETTINGS, "small.png");
    assertEquals(3 * 4 * 4, pixels.length);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        assertEquals((x * 40 / 255.0 - 0.5) / 0.5, pixels[y * 4 + x], 1e-6);
        assertEquals((y * 40 / 255.0 - 0.5) / 0.5, pixels[16 + y * 4 + x], 1e-6);
        assertEquals((90 / 255.0 - 0.5) / 0.5, pixels[32 + y * 4 + x], 1e-6);
      }
    }
  }
}
