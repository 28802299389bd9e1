package org.attentiontopology.job.model.family.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.ReferenceAttention;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled tiny GPT-2-style decoder against torch: tokens from an independent byte-level BPE
 * encoder and the attention torch computed (scripts/fixtures/make-tiny-models.py), both in
 * reference-attention-tiny-gpt2.json.
 */
class TinyGpt2AttentionTest {

  private static AttentionModel model;

  @BeforeAll
  static void load() {
    model = AttentionModel.load(ModelSpecs.load("tiny-gpt2"), ReferenceAttention.WORK_DIR);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void tokensAndAttentionMatchTorchInOneBatch() throws Exception {
    List<ReferenceAttention> references = ReferenceAttention.load("tiny-gpt2");
    List<TextAttention> actual =
        model.attend(references.stream().map(ReferenceAttention::text).toList());
    for (int i = 0; i < references.size(); i++) {
      references.get(i).assertMatches(actual.get(i), 1e-5);
    }
  }

  @Test
  void piecesAreByteLevelWithoutSpecialTokens() {
    TextAttention a = model.attend(List.of("the cat")).get(0);
    assertArrayEquals(new String[] {"t", "he", "Ġcat"}, a.tokens());
    assertFalse(a.truncated());
  }

  @Test
  void attentionIsCausalWithExactZerosAndRowsSummingToOne() {
    TextAttention a =
        model.attend(List.of("A tiny model attends to the past only, never the future.")).get(0);
    assertEquals(2, a.layers());
    assertEquals(2, a.heads());
    for (float[][][] layer : a.attention()) {
      for (float[][] head : layer) {
        assertEquals(1.0f, head[0][0], 0.0f, "the first token can only attend to itself");
        for (int from = 0; from < head.length; from++) {
          double sum = 0;
          for (int to = 0; to < head.length; to++) {
            if (to > from) {
              assertEquals(0.0f, head[from][to], 0.0f, "future position " + to + " from " + from);
            } else {
              assertTrue(head[from][to] > 0, "past positions get some weight");
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
  void textsLongerThanMaxLengthAreCutAndFlagged() {
    String longText = "the cat sat. ".repeat(40);
    TextAttention a = model.attend(List.of(longText)).get(0);
    assertTrue(a.truncated());
    assertEquals(64, a.length());
    assertTrue(a.untruncatedLength() > 64);
  }

  @Test
  void aTextWithoutTokensIsRefused() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> model.attend(List.of("")));
    assertTrue(error.getMessage().contains("has no tokens"), error.getMessage());
  }
}
