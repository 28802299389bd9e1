package org.attentiontopology.job.model.family.longformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.util.List;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.ReferenceAttention;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled tiny Longformer against torch: tokens from an independent byte-level BPE encoder with
 * RoBERTa's special tokens, and the full T x T attention of a dense masked-softmax computation in
 * float64 (scripts/fixtures/make-tiny-longformer.py), so the graph surgery, the pairing of local
 * and global outputs and their expansion are all checked against a computation that never saw a
 * band.
 */
class TinyLongformerAttentionTest {

  private static AttentionModel model;

  @BeforeAll
  static void load() {
    model = AttentionModel.load(ModelSpecs.load("tiny-longformer"), ReferenceAttention.WORK_DIR);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void attentionEqualsTheDenseOracleInOneBatchWithTheFirstTokenGlobal() throws Exception {
    assertEquals(2, model.layers());
    assertEquals(2, model.heads());
    List<ReferenceAttention> references = ReferenceAttention.load("tiny-longformer");
    // One batch of 14, 37 and 4 tokens: padded to 40, a multiple of the window.
    List<TextAttention> actual =
        model.attend(references.stream().map(ReferenceAttention::text).toList());
    for (int i = 0; i < references.size(); i++) {
      references.get(i).assertMatches(actual.get(i), 1e-5);
    }
  }

  @Test
  void attentionEqualsTheDenseOracleWithSeveralGlobalTokensCountedFromBothEnds() throws Exception {
    ModelSpec spec =
        ModelSpecs.load("tiny-longformer", ConfigFactory.parseString("global_tokens = [0, 3, -1]"));
    try (AttentionModel more = AttentionModel.load(spec, ReferenceAttention.WORK_DIR)) {
      List<ReferenceAttention> references =
          ReferenceAttention.load("tiny-longformer", "more-globals");
      // "hi" has two global tokens where the others have three: its empty global slot must be
      // dropped.
      List<TextAttention> actual =
          more.attend(references.stream().map(ReferenceAttention::text).toList());
      for (int i = 0; i < references.size(); i++) {
        references.get(i).assertMatches(actual.get(i), 1e-5);
      }
    }
  }

  @Test
  void tokensAreByteLevelPiecesBetweenRobertasSpecialTokens() {
    TextAttention a = model.attend(List.of("the cat")).get(0);
    assertArrayEquals(new String[] {"<s>", "t", "he", "Ġcat", "</s>"}, a.tokens());
    assertArrayEquals(
        new int[] {0, 3 + 't', 3 + 256 + 1, 3 + 256 + 10, 2},
        a.tokenIds(),
        "<s> <pad> </s>, then 256 bytes ('t' is printable, its own id), then the merges in order");
  }

  @Test
  void tokensAttendOnlyWithinTheWindowAndToTheGlobalToken() {
    TextAttention a =
        model.attend(List.of("Only neighbours within two tokens, and the first token.")).get(0);
    int length = a.length();
    assertTrue(length > 20, "long enough for the band to leave most of each row zero");
    for (float[][][] layer : a.attention()) {
      for (float[][] head : layer) {
        for (int to = 0; to < length; to++) {
          assertTrue(head[0][to] > 0, "the global token attends to every token");
        }
        for (int from = 1; from < length; from++) {
          double sum = 0;
          for (int to = 0; to < length; to++) {
            boolean allowed = to == 0 || Math.abs(from - to) <= 2;
            if (allowed) {
              assertTrue(head[from][to] > 0, "[" + from + "][" + to + "] is in the band or global");
            } else {
              assertEquals(0.0f, head[from][to], 0.0f, "[" + from + "][" + to + "] is outside");
            }
            sum += head[from][to];
          }
          assertEquals(1.0, sum, 1e-5);
        }
      }
    }
  }

  @Test
  void paddingInABatchDoesNotChangeAnyText() {
    assertTrue(ReferenceAttention.paddingEffect(model) < 1e-6);
  }

  @Test
  void textsLongerThanMaxLengthAreCutKeepingTheClosingToken() {
    TextAttention a = model.attend(List.of("the cat sat. ".repeat(40))).get(0);
    assertTrue(a.truncated());
    assertEquals(64, a.length(), "max_length, a multiple of the window, so it needs no padding");
    assertTrue(a.untruncatedLength() > 64);
    assertEquals("</s>", a.tokens()[63]);
  }

  @Test
  void aGlobalPositionBeyondAShortTextIsLeftOut() {
    ModelSpec spec =
        ModelSpecs.load("tiny-longformer", ConfigFactory.parseString("global_tokens = [0, 20]"));
    try (AttentionModel far = AttentionModel.load(spec, ReferenceAttention.WORK_DIR)) {
      // "the cat" has 5 tokens: position 20 does not exist, so it has the bundled spec's single
      // global token.
      TextAttention shortText = far.attend(List.of("the cat")).get(0);
      assertTrue(
          ReferenceAttention.maxDifference(
                  model.attend(List.of("the cat")).get(0).attention(), shortText.attention())
              < 1e-6);
      TextAttention longText =
          far.attend(List.of("the cat sat on the mat and then the cat sat on it")).get(0);
      for (int to = 0; to < longText.length(); to++) {
        assertTrue(longText.head(1, 0)[20][to] > 0, "position 20 is global in a longer text");
        assertTrue(longText.head(1, 0)[to][20] > 0, "and every token attends to it");
      }
    }
  }
}
