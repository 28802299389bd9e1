package org.attentiontopology.job.model.family.longformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Writes known full attention into the flat output layouts of HuggingFace's Longformer Softmax
 * nodes for a padded batch (local [batch, T, heads, x + w + 1], global [batch * heads, x, T]) and
 * checks that every text's full rows come back exactly, whatever the order of the outputs and
 * however many global tokens each text has.
 */
class LongformerTranslatorTest {

  private static final int WINDOW = 4;
  private static final int HEADS = 2;

  /**
   * A text's full attention for one head: random weights where Longformer allows them, zero
   * elsewhere.
   */
  private static float[][] full(int length, int[] globals, Random random) {
    boolean[] global = new boolean[length];
    for (int g : globals) {
      global[g] = true;
    }
    float[][] rows = new float[length][length];
    for (int i = 0; i < length; i++) {
      for (int j = 0; j < length; j++) {
        if (global[i] || global[j] || Math.abs(i - j) <= WINDOW / 2) {
          rows[i][j] = 0.1f + random.nextFloat();
        }
      }
    }
    return rows;
  }

  /**
   * A batch's outputs for one layer: [local, global] flat arrays, junk where the model's values go
   * unused.
   */
  private static float[][] encode(
      float[][][][] texts, int[][] globals, int padded, int slots, Random random) {
    int batch = texts.length;
    int columns = slots + WINDOW + 1;
    float[] local = new float[batch * padded * HEADS * columns];
    float[] global = new float[batch * HEADS * slots * padded];
    for (int b = 0; b < batch; b++) {
      int length = texts[b][0].length;
      for (int head = 0; head < HEADS; head++) {
        float[][] rows = texts[b][head];
        for (int i = 0; i < padded; i++) {
          int row = ((b * padded + i) * HEADS + head) * columns;
          boolean isGlobal = false;
          for (int g : globals[b]) {
            isGlobal |= g == i;
          }
          if (i >= length || isGlobal) {
            for (int c = 0; c < columns; c++) {
              local[row + c] = random.nextFloat(); // padded rows and global tokens' local rows
            }
            continue;
          }
          for (int k = 0; k < globals[b].length; k++) {
            local[row + k] = rows[i][globals[b][k]];
          }
          for (int o = -WINDOW / 2; o <= WINDOW / 2; o++) {
            int j = i + o;
            boolean globalKey = false;
            for (int g : globals[b]) {
              globalKey |= g == j;
            }
            if (j >= 0 && j < length && !globalKey) {
              local[row + slots + WINDOW / 2 + o] = rows[i][j];
            }
          }
        }
        for (int r = 0; r < slots; r++) {
          int row = ((b * HEADS + head) * slots + r) * padded;
          for (int j = 0; j < padded; j++) {
            // An empty slot's row is junk; a real one is the global token's row, zero over padding.
            global[row + j] =
                r >= globals[b].length
                    ? random.nextFloat()
                    : j < length ? rows[globals[b][r]][j] : 0f;
          }
        }
      }
    }
    return new float[][] {local, global};
  }

  @Test
  void everyTextsFullRowsComeBackWhateverTheOrderOfTheOutputs() {
    Random random = new Random(17);
    int[] lengths = {5, 8, 3};
    // Three global tokens at most: with w = 4 the local output has x + w + 1 = 8 columns, as many
    // as the padded
    // length, so only the ranks tell the layouts apart.
    int[][] globals = {{0, 3, 4}, {0, 7}, {1}};
    int padded = 8;
    int slots = 3;
    int layers = 2;
    float[][][][][] expected = new float[lengths.length][layers][HEADS][][];
    List<String> names = new ArrayList<>();
    List<long[]> shapes = new ArrayList<>();
    List<float[]> values = new ArrayList<>();
    for (int layer = 0; layer < layers; layer++) {
      float[][][][] texts = new float[lengths.length][HEADS][][];
      for (int b = 0; b < lengths.length; b++) {
        for (int head = 0; head < HEADS; head++) {
          texts[b][head] = full(lengths[b], globals[b], random);
          expected[b][layer][head] = texts[b][head];
        }
      }
      float[][] encoded = encode(texts, globals, padded, slots, random);
      // Global first in layer 0, local first in layer 1: pairing must not depend on it.
      int first = layer == 0 ? 1 : 0;
      for (int k : new int[] {first, 1 - first}) {
        names.add("layer " + layer + (k == 0 ? " local" : " global"));
        shapes.add(
            k == 0
                ? new long[] {lengths.length, padded, HEADS, slots + WINDOW + 1}
                : new long[] {lengths.length * HEADS, slots, padded});
        values.add(encoded[k]);
      }
    }
    List<float[][][][]> actual =
        LongformerTranslator.perExample(names, shapes, values, lengths, globals, padded, WINDOW);
    assertEquals(lengths.length, actual.size());
    for (int b = 0; b < lengths.length; b++) {
      assertEquals(layers, actual.get(b).length);
      for (int layer = 0; layer < layers; layer++) {
        for (int head = 0; head < HEADS; head++) {
          for (int i = 0; i < lengths[b]; i++) {
            assertArrayEquals(
                expected[b][layer][head][i],
                actual.get(b)[layer][head][i],
                0f,
                "text " + b + ", layer " + layer + ", head " + head + ", row " + i);
          }
        }
      }
    }
  }

  @Test
  void anOutputOfAnotherShapeIsNamedWithTheLayoutsExpected() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () ->
                LongformerTranslator.perExample(
                    List.of("softmax"),
                    List.of(new long[] {1, 2, 8, 8}),
                    List.of(new float[128]),
                    new int[] {6},
                    new int[][] {{0}},
                    8,
                    WINDOW));
    assertTrue(
        error.getMessage().contains("attention output 'softmax' has shape [1, 2, 8, 8]"),
        error.getMessage());
    assertTrue(
        error.getMessage().contains("[batch=1, 8, heads, x + w + 1 = 6]"), error.getMessage());
    assertTrue(error.getMessage().contains("[batch * heads, x = 1, 8]"), error.getMessage());
  }

  @Test
  void layersMissingTheirGlobalAttentionAreRefused() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class,
            () ->
                LongformerTranslator.perExample(
                    List.of("local"),
                    List.of(new long[] {1, 8, 2, 6}),
                    List.of(new float[96]),
                    new int[] {6},
                    new int[][] {{0}},
                    8,
                    WINDOW));
    assertTrue(
        error.getMessage().contains("1 banded local and 0 global attention outputs"),
        error.getMessage());
  }
}
