package org.attentiontopology.job.model.family.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import org.attentiontopology.job.model.AttentionModel;
import org.attentiontopology.job.model.ModelLoadException;
import org.attentiontopology.job.model.ReferenceAttention;
import org.attentiontopology.job.model.TextAttention;
import org.attentiontopology.job.model.family.ModelKind;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.Test;

/**
 * The tiny GPT-2 as TorchScript (conf/models/tiny/tiny-gpt2/model.pt, the same weights as the ONNX
 * graph) on DJL's PyTorch engine, against torch's attention. Runs only when built with {@code
 * -Ppytorch}; without the engine, loading must say how to get it.
 */
class TorchScriptDecoderTest {

  private static final Path SPEC_DIR = Path.of("..", "conf", "models");

  private static ModelSpec torchScriptSpec() {
    ModelSpec onnx = ModelSpecs.load("tiny-gpt2");
    String pt = SPEC_DIR.resolve("tiny/tiny-gpt2/model.pt").toAbsolutePath().normalize().toString();
    return new ModelSpec(
        "tiny-gpt2-torchscript",
        ModelKind.DECODER,
        pt,
        onnx.tokenizerLocation(),
        64,
        64,
        2,
        2,
        1,
        8,
        1,
        1e-4);
  }

  private static boolean hasPyTorch() {
    return Engine.getAllEngines().contains("PyTorch");
  }

  @Test
  void torchScriptAttentionMatchesTorch() throws Exception {
    assumeTrue(hasPyTorch(), "built without -Ppytorch");
    List<ReferenceAttention> references = ReferenceAttention.load("tiny-gpt2");
    try (AttentionModel model =
        AttentionModel.load(torchScriptSpec(), ReferenceAttention.WORK_DIR)) {
      assertEquals(2, model.layers());
      assertEquals(2, model.heads());
      List<TextAttention> actual =
          model.attend(references.stream().map(ReferenceAttention::text).toList());
      for (int i = 0; i < references.size(); i++) {
        references.get(i).assertMatches(actual.get(i), 1e-5);
      }
    }
  }

  @Test
  void withoutThePyTorchEngineLoadingSaysHowToGetIt() {
    assumeFalse(hasPyTorch(), "built with -Ppytorch");
    ModelLoadException error =
        assertThrows(
            ModelLoadException.class,
            () -> AttentionModel.load(torchScriptSpec(), ReferenceAttention.WORK_DIR));
    assertTrue(error.getMessage().contains("mvn -Ppytorch install"), error.getMessage());
  }
}
