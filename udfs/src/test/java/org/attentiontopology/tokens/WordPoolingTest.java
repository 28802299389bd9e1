package org.attentiontopology.tokens;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.attentiontopology.tokens.WordPooling.Style;
import org.junit.jupiter.api.Test;

class WordPoolingTest {

  @Test
  void bertBoundariesAndWords() {
    String[] tokens = {"[CLS]", "the", "play", "##ing", "##s", ".", "[SEP]", "##x", "[SEP]"};
    int[] words = WordPooling.wordIndexOfToken(tokens, Style.BERT);
    assertArrayEquals(new int[] {0, 1, 2, 2, 2, 3, 4, 5, 6}, words);
    assertEquals(7, WordPooling.wordCount(words));
    assertArrayEquals(
        new String[] {"[CLS]", "the", "playings", ".", "[SEP]", "x", "[SEP]"},
        WordPooling.words(tokens, Style.BERT));
  }

  @Test
  void byteLevelBpeBoundariesAndWords() {
    String[] tokens = {"<s>", "Hello", "Ġwor", "ld", ",", "Ġ.", "</s>", "</s>", "ĠA", "BC", "</s>"};
    int[] words = WordPooling.wordIndexOfToken(tokens, Style.BYTE_LEVEL_BPE);
    assertArrayEquals(new int[] {0, 1, 2, 2, 2, 3, 4, 5, 6, 6, 7}, words);
    assertArrayEquals(
        new String[] {"<s>", "Hello", "world,", ".", "</s>", "</s>", "ABC", "</s>"},
        WordPooling.words(tokens, Style.BYTE_LEVEL_BPE));
    // GPT-2: no special token first; the first token starts a word with or without Ġ.
    assertArrayEquals(
        new int[] {0, 0, 1},
        WordPooling.wordIndexOfToken(new String[] {"The", "re", "Ġis"}, Style.BYTE_LEVEL_BPE));
    assertEquals(Style.BYTE_LEVEL_BPE, Style.detect(tokens));
    assertEquals(Style.BERT, Style.detect(new String[] {"[CLS]", "a", "##b"}));
    assertArrayEquals(new int[0], WordPooling.wordIndexOfToken(new String[0], Style.BERT));
  }

  @Test
  void handWorkedFourTokenPooling() {
    String[] tokens = {"[CLS]", "play", "##ing", "[SEP]"};
    float[][] a = {
      {0.4f, 0.3f, 0.2f, 0.1f},
      {0.1f, 0.2f, 0.3f, 0.4f},
      {0.3f, 0.3f, 0.2f, 0.2f},
      {0.25f, 0.25f, 0.25f, 0.25f}
    };
    float[][] pooled = WordPooling.pool(a, tokens, Style.BERT);
    assertEquals(3, pooled.length);
    // To "playing": columns 1 and 2 added. From "playing": mean of rows 1 and 2.
    assertArrayEquals(new float[] {0.4f, 0.5f, 0.1f}, pooled[0], 1e-6f);
    assertArrayEquals(new float[] {0.2f, 0.5f, 0.3f}, pooled[1], 1e-6f);
    assertArrayEquals(new float[] {0.25f, 0.5f, 0.25f}, pooled[2], 1e-6f);
  }

  @Test
  void rejectsInconsistentIndices() {
    float[][] a = {{0.5f, 0.5f}, {0.5f, 0.5f}};
    assertThrows(IllegalArgumentException.class, () -> WordPooling.pool(a, new int[] {0}, 1));
    assertThrows(IllegalArgumentException.class, () -> WordPooling.pool(a, new int[] {0, 2}, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> WordPooling.pool(a, new int[] {0, 0}, 2)); // empty word 1
    assertThrows(
        IllegalArgumentException.class,
        () -> WordPooling.words(new String[] {"a"}, new int[] {0, 1}));
  }

  @Test
  void pooledRowsSumToOneOnRandomMatrices() {
    Random rng = new Random(42);
    String[] vocabulary = {"the", "##s", "##ing", "dog", ".", "[SEP]", "Ġthe", "ly", "Ġ.", "</s>"};
    for (int trial = 0; trial < 200; trial++) {
      int t = 1 + rng.nextInt(30);
      String[] tokens = new String[t];
      for (int i = 0; i < t; i++) {
        tokens[i] = vocabulary[rng.nextInt(vocabulary.length)];
      }
      Style style = rng.nextBoolean() ? Style.BERT : Style.BYTE_LEVEL_BPE;
      float[][] a = RandomAttention.matrix(rng, t, rng.nextBoolean());
      int[] wordOf = WordPooling.wordIndexOfToken(tokens, style);
      int words = WordPooling.wordCount(wordOf);
      float[][] pooled = WordPooling.pool(a, wordOf, words);
      assertEquals(words, pooled.length);
      assertEquals(words, WordPooling.words(tokens, wordOf).length);
      for (int u = 0; u < words; u++) {
        double sum = 0;
        for (float x : pooled[u]) {
          sum += x;
        }
        assertEquals(1.0, sum, 1e-6, "trial " + trial + " word " + u);
      }
      // Word indices start at 0 and step by 0 or 1.
      assertEquals(0, wordOf[0]);
      for (int i = 1; i < t; i++) {
        int step = wordOf[i] - wordOf[i - 1];
        assertEquals(true, step == 0 || step == 1, "step " + step);
      }
      // Attention received by a word, weighted back by piece counts, equals the sum of its pieces'
      // column sums.
      int[] pieces = new int[words];
      for (int w : wordOf) {
        pieces[w]++;
      }
      double[] received = ReceivedAttention.received(a);
      for (int v = 0; v < words; v++) {
        double pooledTotal = 0;
        for (int u = 0; u < words; u++) {
          pooledTotal += pieces[u] * (double) pooled[u][v];
        }
        double pieceTotal = 0;
        for (int j = 0; j < t; j++) {
          if (wordOf[j] == v) {
            pieceTotal += received[j];
          }
        }
        assertEquals(pieceTotal, pooledTotal, 1e-5);
      }
    }
  }
}
