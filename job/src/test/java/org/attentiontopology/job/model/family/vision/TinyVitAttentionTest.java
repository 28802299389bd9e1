package org.attentiontopology.job.model.family.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.ReferenceAttention;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.UnreadableImageException;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bundled tiny ViT (torchvision's VisionTransformer) against torch: the preprocessed pixels and
 * the attention torch computed for the test PNGs (scripts/fixtures/make-tiny-models.py,
 * reference-attention-tiny-vit.json).
 */
class TinyVitAttentionTest {

  static final Path IMAGES = Path.of("..", "conf", "models", "tiny", "tiny-vit", "images");

  private static ImageAttentionModel model;
  private static JsonNode reference;

  @BeforeAll
  static void load() throws Exception {
    model =
        (ImageAttentionModel)
            AttentionModel.load(ModelSpecs.load("tiny-vit"), ReferenceAttention.WORK_DIR);
    try (InputStream in =
        ReferenceAttention.class.getResourceAsStream("reference-attention-tiny-vit.json")) {
      reference = new ObjectMapper().readTree(in);
    }
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void preprocessingMatchesTorchsBilinearResizeCropAndNormalisation() throws Exception {
    for (JsonNode example : reference.get("examples")) {
      Path image = IMAGES.resolve(example.get("image").asText());
      float[] pixels =
          ImagePreprocessing.pixels(
              Files.readAllBytes(image), model.spec().image(), image.toString());
      JsonNode expected = example.get("pixels");
      int size = model.spec().image().imageSize();
      double worst = 0;
      for (int c = 0; c < 3; c++) {
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            worst =
                Math.max(
                    worst,
                    Math.abs(
                        expected.get(c).get(y).get(x).asDouble()
                            - pixels[(c * size + y) * size + x]));
          }
        }
      }
      assertTrue(worst < 1e-5, image + ": pixels differ from torch's by " + worst);
    }
  }

  @Test
  void attentionMatchesTorchWithPatchTokens() {
    JsonNode examples = reference.get("examples");
    List<String> files =
        List.of(
            IMAGES.resolve(examples.get(0).get("image").asText()).toString(),
            IMAGES.resolve(examples.get(1).get("image").asText()).toUri().toString());
    List<TextAttention> actual = model.attend(files);
    for (int i = 0; i < files.size(); i++) {
      TextAttention a = actual.get(i);
      assertEquals(17, a.length());
      assertEquals("[CLS]", a.tokens()[0]);
      assertEquals("patch_0_0", a.tokens()[1]);
      assertEquals("patch_0_3", a.tokens()[4]);
      assertEquals("patch_3_3", a.tokens()[16]);
      JsonNode layers = examples.get(i).get("attention");
      assertEquals(layers.size(), a.layers());
      for (int l = 0; l < a.layers(); l++) {
        assertEquals(layers.get(l).size(), a.heads());
        for (int h = 0; h < a.heads(); h++) {
          for (int from = 0; from < 17; from++) {
            for (int to = 0; to < 17; to++) {
              double expected = layers.get(l).get(h).get(from).get(to).asDouble();
              double got = a.attention()[l][h][from][to];
              if (Math.abs(expected - got) > 1e-5) {
                fail(
                    files.get(i)
                        + " layer "
                        + l
                        + " head "
                        + h
                        + " ["
                        + from
                        + "]["
                        + to
                        + "]: torch "
                        + expected
                        + ", job "
                        + got);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void aJpegDecodesAndGivesRowStochasticAttention() {
    TextAttention a =
        model.attend(List.of(IMAGES.resolve("dogs/gradient-turned.jpg").toString())).get(0);
    for (float[][][] layer : a.attention()) {
      for (float[][] head : layer) {
        for (float[] row : head) {
          double sum = 0;
          for (float v : row) {
            sum += v;
          }
          assertEquals(1.0, sum, 1e-5);
        }
      }
    }
  }

  @Test
  void corruptAndEmptyImagesFailNamingTheFile() {
    for (String name : new String[] {"cats/corrupt.png", "dogs/empty.jpg", "dogs/missing.png"}) {
      String file = IMAGES.resolve(name).toString();
      UnreadableImageException error =
          assertThrows(UnreadableImageException.class, () -> model.attend(List.of(file)));
      assertTrue(error.getMessage().contains(file), error.getMessage());
    }
  }

  @Test
  void patchLabelsAreRowMajor() {
    assertArrayEquals(
        new String[] {"[CLS]", "patch_0_0", "patch_0_1", "patch_1_0", "patch_1_1"},
        PatchTokens.labels(2));
  }
}
