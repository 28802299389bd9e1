package org.attentiontopology.job.model.family.longformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Builds full row-stochastic matrices with Longformer's structure (a band of w/2 on each side plus
 * global tokens that attend to and are attended by everyone), derives the banded form HuggingFace
 * returns, and checks that the conversion gives the full matrices back exactly.
 */
class LongformerAttentionTest {

  /**
   * A full matrix: local rows over the band and the globals, global rows over everything, all
   * summing to 1.
   */
  private static float[][] structured(int length, int window, int[] globals, Random random) {
    boolean[] isGlobal = new boolean[length];
    for (int g : globals) {
      isGlobal[g] = true;
    }
    float[][] full = new float[length][length];
    for (int i = 0; i < length; i++) {
      double[] weights = new double[length];
      double sum = 0;
      for (int j = 0; j < length; j++) {
        boolean allowed = isGlobal[i] || isGlobal[j] || Math.abs(i - j) <= window / 2;
        weights[j] = allowed ? 0.05 + random.nextDouble() : 0;
        sum += weights[j];
      }
      for (int j = 0; j < length; j++) {
        full[i][j] = (float) (weights[j] / sum);
      }
    }
    return full;
  }

  /**
   * HuggingFace's local form: [T][x + w + 1], globals first, band of offsets -w/2..w/2 with globals
   * masked.
   */
  private static float[][] banded(float[][] full, int window, int[] globals, Random random) {
    int length = full.length;
    boolean[] isGlobal = new boolean[length];
    for (int g : globals) {
      isGlobal[g] = true;
    }
    float[][] local = new float[length][globals.length + window + 1];
    for (int i = 0; i < length; i++) {
      if (isGlobal[i]) {
        for (int c = 0; c < local[i].length; c++) {
          local[i][c] = random.nextFloat(); // what sits here must not matter
        }
        continue;
      }
      for (int k = 0; k < globals.length; k++) {
        local[i][k] = full[i][globals[k]];
      }
      for (int offset = -window / 2; offset <= window / 2; offset++) {
        int j = i + offset;
        if (j >= 0 && j < length && !isGlobal[j]) {
          local[i][globals.length + window / 2 + offset] = full[i][j];
        }
      }
    }
    return local;
  }

  private static float[][] globalRows(float[][] full, int[] globals) {
    float[][] rows = new float[globals.length][];
    for (int k = 0; k < globals.length; k++) {
      rows[k] = full[globals[k]].clone();
    }
    return rows;
  }

  @Test
  void bandedAttentionExpandsBackToTheFullMatrixExactly() {
    Random random = new Random(5);
    int[][] globalSets = {{}, {0}, {0, 7}, {3, 4, 11}, {11}};
    for (int window : new int[] {0, 2, 4, 8, 30}) {
      for (int[] globals : globalSets) {
        float[][] full = structured(12, window, globals, random);
        float[][] back =
            LongformerAttention.toFull(
                banded(full, window, globals, random), globals, globalRows(full, globals), window);
        for (int i = 0; i < full.length; i++) {
          assertArrayEquals(full[i], back[i], 0.0f, "window " + window + ", row " + i);
        }
      }
    }
  }

  @Test
  void everyExpandedRowSumsToOneAndLocalRowsAreZeroOutsideBandAndGlobals() {
    Random random = new Random(9);
    int[] globals = {0, 5};
    int window = 4;
    float[][][] full = {
      structured(16, window, globals, random), structured(16, window, globals, random)
    };
    float[][][] local = {
      banded(full[0], window, globals, random), banded(full[1], window, globals, random)
    };
    float[][][] global = {globalRows(full[0], globals), globalRows(full[1], globals)};
    float[][][] back = LongformerAttention.toFull(local, globals, global, window);
    for (float[][] head : back) {
      for (int i = 0; i < head.length; i++) {
        double sum = 0;
        for (int j = 0; j < head.length; j++) {
          sum += head[i][j];
          if (i != 0 && i != 5 && j != 0 && j != 5 && Math.abs(i - j) > 2) {
            assertEquals(0.0f, head[i][j], 0.0f);
          }
        }
        assertEquals(1.0, sum, 1e-6);
      }
    }
  }

  @Test
  void shapesThatDoNotFitAreRefused() {
    float[][] local = new float[4][1 + 2 + 1];
    float[][] global = {new float[4]};
    assertThrows(
        IllegalArgumentException.class,
        () -> LongformerAttention.toFull(local, new int[] {0}, global, 3));
    assertThrows(
        IllegalArgumentException.class,
        () -> LongformerAttention.toFull(local, new int[] {0}, global, 4));
    assertThrows(
        IllegalArgumentException.class,
        () -> LongformerAttention.toFull(local, new int[] {4}, global, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> LongformerAttention.toFull(local, new int[] {}, global, 2));
  }
}
