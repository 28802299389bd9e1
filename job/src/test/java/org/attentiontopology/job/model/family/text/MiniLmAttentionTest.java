package org.attentiontopology.job.model.family.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.attentiontopology.job.model.ReferenceAttention;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** all-MiniLM-L6-v2 end to end; the model is loaded once for the class (a few seconds). */
class MiniLmAttentionTest {

  private static TextAttentionModel model;

  @BeforeAll
  static void load() {
    model =
        TextAttentionModel.load(ModelSpecs.load("all-minilm-l6-v2"), ReferenceAttention.WORK_DIR);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void shapeMatchesTheSpec() {
    assertEquals("all-minilm-l6-v2", model.name());
    assertEquals(6, model.layers());
    assertEquals(12, model.heads());
    assertEquals(256, model.maxLength());
    assertEquals(64, model.onnxSha256().length());
  }

  @Test
  void matchesTheIndependentReference() throws Exception {
    List<ReferenceAttention> references = ReferenceAttention.load("all-minilm-l6-v2");
    List<String> texts = references.stream().map(ReferenceAttention::text).toList();
    List<TextAttention> actual = model.attend(texts); // one padded batch of different lengths
    for (int i = 0; i < references.size(); i++) {
      references.get(i).assertMatches(actual.get(i), 1e-5);
      assertFalse(actual.get(i).truncated());
      assertEquals(references.get(i).tokens().length, actual.get(i).untruncatedLength());
    }
  }

  @Test
  void everyRowSumsToOneAndIsNonNegative() {
    TextAttention attention =
        model.attend("Rows of attention are probability distributions over tokens.");
    double worst = 0;
    for (float[][][] layer : attention.attention()) {
      for (float[][] head : layer) {
        assertEquals(attention.length(), head.length);
        for (float[] row : head) {
          assertEquals(attention.length(), row.length);
          double sum = 0;
          for (float weight : row) {
            assertTrue(weight >= 0, "negative attention weight " + weight);
            sum += weight;
          }
          worst = Math.max(worst, Math.abs(sum - 1));
        }
      }
    }
    assertTrue(worst <= 1e-6, "worst |row sum - 1| = " + worst);
  }

  @Test
  void paddingIsRemoved() {
    String shortText = "A short one.";
    String longText =
        "A much longer sentence that forces the short one to be padded inside the same batch,"
            + " with plenty of extra words to make the difference in length obvious.";
    TextAttention alone = model.attend(shortText);
    List<TextAttention> batch = model.attend(List.of(longText, shortText));
    TextAttention padded = batch.get(1);
    assertArrayEquals(alone.tokens(), padded.tokens());
    assertEquals(alone.length(), padded.attention()[0][0].length, "padding rows were not removed");
    assertEquals(
        alone.length(), padded.attention()[0][0][0].length, "padding columns were not removed");
    double difference = ReferenceAttention.maxDifference(alone.attention(), padded.attention());
    assertTrue(
        difference <= 1e-5, "short text alone and padded in a batch differ by " + difference);
    assertTrue(batch.get(0).length() > alone.length() + 10);
  }

  @Test
  void resultsFollowTheInputOrderAcrossSeveralBatches() {
    // More texts than batch_size (8), lengths shuffled, so sorting by length and batching must be
    // undone.
    List<String> texts = new ArrayList<>();
    for (int words = 1; words <= 19; words++) {
      texts.add(String.join(" ", Collections.nCopies(words, "word")));
    }
    Collections.shuffle(texts, new java.util.Random(7));
    List<TextAttention> attention = model.attend(texts);
    assertEquals(texts.size(), attention.size());
    for (int i = 0; i < texts.size(); i++) {
      int words = texts.get(i).split(" ").length;
      assertEquals(words + 2, attention.get(i).length(), "text " + i);
    }
  }

  @Test
  void longTextIsTruncatedAndFlagged() {
    String longText = String.join(" ", Collections.nCopies(400, "token"));
    TextAttention attention = model.attend(longText);
    assertTrue(attention.truncated());
    assertEquals(402, attention.untruncatedLength());
    assertEquals(model.maxLength(), attention.length());
    assertEquals("[CLS]", attention.tokens()[0]);
    assertEquals(
        "[SEP]", attention.tokens()[attention.length() - 1], "truncation keeps the closing [SEP]");
    assertEquals(model.maxLength(), attention.attention()[5][11].length);
  }

  @Test
  void emptyTextGivesClsAndSep() {
    TextAttention attention = model.attend("");
    assertArrayEquals(new String[] {"[CLS]", "[SEP]"}, attention.tokens());
    assertArrayEquals(new int[] {101, 102}, attention.tokenIds());
    assertFalse(attention.truncated());
    assertEquals(6, attention.layers());
    assertEquals(2, attention.attention()[0][0].length);
  }

  @Test
  void concurrentCallersGetTheSameAnswersAsOne() throws Exception {
    List<String> texts =
        List.of(
            "First of several concurrent texts.",
            "Second text, a little longer than one.",
            "Third.",
            "The fourth text of this test.");
    List<TextAttention> sequential = model.attend(texts);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<TextAttention>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String text : texts) {
          futures.add(pool.submit(() -> model.attend(text)));
        }
      }
      for (int i = 0; i < futures.size(); i++) {
        TextAttention concurrent = futures.get(i).get();
        TextAttention expected = sequential.get(i % texts.size());
        assertArrayEquals(expected.tokens(), concurrent.tokens());
        double difference =
            ReferenceAttention.maxDifference(expected.attention(), concurrent.attention());
        assertTrue(difference <= 1e-5, "concurrent result differs by " + difference);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
