package org.attentiontopology.job.model.family.vision;

/**
 * Token labels of a vision transformer, so that tables name positions meaningfully: {@code [CLS]}
 * and then one {@code patch_<row>_<column>} per patch in row-major order, as ViT flattens its patch
 * grid.
 */
public final class PatchTokens {

  /** The label of the class token, first in the sequence. */
  public static final String CLASS_TOKEN = "[CLS]";

  private PatchTokens() {}

  /**
   * {@code [CLS], patch_0_0, patch_0_1, ...} for a square grid of {@code perSide} x {@code perSide}
   * patches.
   */
  public static String[] labels(int perSide) {
    String[] labels = new String[1 + perSide * perSide];
    labels[0] = CLASS_TOKEN;
    for (int row = 0; row < perSide; row++) {
      for (int column = 0; column < perSide; column++) {
        labels[1 + row * perSide + column] = "patch_" + row + "_" + column;
      }
    }
    return labels;
  }

  /**
   * Token ids: 0 for [CLS], 1 + the patch's row-major index for patches (its position in the
   * sequence).
   */
  public static int[] ids(int perSide) {
    int[] ids = new int[1 + perSide * perSide];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    return ids;
  }
}
