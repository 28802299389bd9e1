package org.attentiontopology.job.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference attention written by scripts/fixtures/make-reference-attention.py: a numpy float32
 * interpreter of the ONNX graph and a WordPiece tokenizer written from tokenizer.json, independent
 * of DJL and ONNX Runtime.
 */
public record ReferenceAttention(String text, String[] tokens, int[] ids, float[][][][] attention) {

  /**
   * Where tests put surgered models and DJL's cache; kept between runs so the surgery is written
   * once.
   */
  public static final Path WORK_DIR = Path.of("target", "model-work");

  public static List<ReferenceAttention> load(String model) throws IOException {
    return load(model, "");
  }

  /**
   * A model's references for another input setting, e.g. more global tokens:
   * reference-attention-MODEL-VARIANT.
   */
  public static List<ReferenceAttention> load(String model, String variant) throws IOException {
    String resource =
        "reference-attention-" + model + (variant.isEmpty() ? "" : "-" + variant) + ".json";
    try (InputStream in = ReferenceAttention.class.getResourceAsStream(resource)) {
      assertNotNull(in, "missing test resource " + resource);
      JsonNode root = new ObjectMapper().readTree(in);
      assertEquals(model, root.get("model").asText());
      List<ReferenceAttention> examples = new ArrayList<>();
      for (JsonNode example : root.get("examples")) {
        JsonNode tokens = example.get("tokens");
        String[] tokenArray = new String[tokens.size()];
        int[] ids = new int[tokens.size()];
        for (int t = 0; t < tokenArray.length; t++) {
          tokenArray[t] = tokens.get(t).asText();
          ids[t] = example.get("ids").get(t).asInt();
        }
        JsonNode layers = example.get("attention");
        float[][][][] attention = new float[layers.size()][][][];
        for (int l = 0; l < attention.length; l++) {
          JsonNode heads = layers.get(l);
          attention[l] = new float[heads.size()][tokenArray.length][tokenArray.length];
          for (int h = 0; h < heads.size(); h++) {
            for (int from = 0; from < tokenArray.length; from++) {
              for (int to = 0; to < tokenArray.length; to++) {
                attention[l][h][from][to] = (float) heads.get(h).get(from).get(to).asDouble();
              }
            }
          }
        }
        examples.add(
            new ReferenceAttention(example.get("text").asText(), tokenArray, ids, attention));
      }
      return examples;
    }
  }

  /**
   * Asserts the model's tokens, ids and attention equal this reference, attention within {@code
   * tolerance}.
   */
  public void assertMatches(TextAttention actual, double tolerance) {
    assertArrayEquals(tokens, actual.tokens(), "tokens of '" + text + "'");
    assertArrayEquals(ids, actual.tokenIds(), "token ids of '" + text + "'");
    assertEquals(attention.length, actual.layers(), "layers");
    double worst = 0;
    double[] worstPerLayer = new double[attention.length];
    for (int l = 0; l < attention.length; l++) {
      assertEquals(attention[l].length, actual.heads(), "heads");
      for (int h = 0; h < attention[l].length; h++) {
        for (int from = 0; from < tokens.length; from++) {
          for (int to = 0; to < tokens.length; to++) {
            double difference =
                Math.abs(attention[l][h][from][to] - actual.attention()[l][h][from][to]);
            worst = Math.max(worst, difference);
            worstPerLayer[l] = Math.max(worstPerLayer[l], difference);
            if (difference > tolerance) {
              fail(
                  "'"
                      + text
                      + "' layer "
                      + l
                      + " head "
                      + h
                      + " ["
                      + from
                      + "]["
                      + to
                      + "]: expected "
                      + attention[l][h][from][to]
                      + " but got "
                      + actual.attention()[l][h][from][to]);
            }
          }
        }
      }
    }
    StringBuilder layers = new StringBuilder();
    for (double layerWorst : worstPerLayer) {
      layers.append(String.format(" %.1e", layerWorst));
    }
    System.out.printf(
        "'%s': attention within %.2e of the reference; per layer:%s%n", text, worst, layers);
  }

  /** Largest |a - b| over two attention tensors of the same shape. */
  /**
   * How much a short text's attention changes when it is batched with a longer one (and so padded):
   * the largest difference between its attention alone and in the batch. Padding must not reach any
   * text.
   */
  public static double paddingEffect(AttentionModel model) {
    String shortText = "the cat";
    String longText = "the cat sat on the mat and then the cat sat on the mat again";
    TextAttention alone = model.attend(java.util.List.of(shortText)).get(0);
    TextAttention batched = model.attend(java.util.List.of(longText, shortText)).get(1);
    return maxDifference(alone.attention(), batched.attention());
  }

  public static double maxDifference(float[][][][] a, float[][][][] b) {
    assertEquals(a.length, b.length, "layers");
    double worst = 0;
    for (int l = 0; l < a.length; l++) {
      assertEquals(a[l].length, b[l].length, "heads");
      for (int h = 0; h < a[l].length; h++) {
        assertEquals(a[l][h].length, b[l][h].length, "tokens");
        for (int from = 0; from < a[l][h].length; from++) {
          for (int to = 0; to < a[l][h][from].length; to++) {
            worst = Math.max(worst, Math.abs(a[l][h][from][to] - b[l][h][from][to]));
          }
        }
      }
    }
    return worst;
  }
}
