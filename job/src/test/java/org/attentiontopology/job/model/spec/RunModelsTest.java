package org.attentiontopology.job.model.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentiontopology.job.config.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunModelsTest {

  @Test
  void theRunsLengthAndBatchLieOverEachSpecInTheGivenOrder() {
    RunModels models = RunModels.resolve(List.of("tiny-gpt2", "all-minilm-l6-v2"), 32, 3);
    assertEquals(
        List.of("tiny-gpt2", "all-minilm-l6-v2"),
        models.specs().stream().map(ModelSpec::name).toList());
    for (ModelSpec spec : models.specs()) {
      ModelSpec file = ModelSpecs.load(spec.name());
      assertEquals(32, spec.maxLength());
      assertEquals(3, spec.batchSize());
      assertEquals(file.intraOpThreads(), spec.intraOpThreads());
      assertEquals(file.predictors(), spec.predictors());
      assertEquals(file.onnxLocation(), spec.onnxLocation());
    }
  }

  @Test
  void aMaximumLengthOfZeroKeepsTheSpecsOwn() {
    ModelSpec spec = RunModels.resolve(List.of("all-minilm-l6-v2"), 0, 8).specs().get(0);
    assertEquals(ModelSpecs.load("all-minilm-l6-v2").maxLength(), spec.maxLength());
  }

  @Test
  void twoSpecsOfOneNameAreRefused(@TempDir Path dir) throws IOException {
    // A copy of a bundled spec under another file name still names the model tiny-gpt2.
    Path copy = dir.resolve("copy.conf");
    Files.writeString(copy, "include classpath(\"models/tiny-gpt2.conf\")\n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> RunModels.resolve(List.of("tiny-gpt2", copy.toString()), 0, 8));
    assertTrue(e.getMessage().contains("have the same name in their specs"), e.getMessage());
  }

  @Test
  void theConfigurationResolvesItsModelsWhenRead() {
    RunConfig config = RunConfig.load(null, List.of("model=[tiny-gpt2, tiny-longformer]"));
    assertEquals(
        List.of("tiny-gpt2", "tiny-longformer"),
        config.runModels.specs().stream().map(ModelSpec::name).toList());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> RunConfig.load(null, List.of("model=gpt-17")));
    assertTrue(e.getMessage().startsWith("unknown model 'gpt-17'"), e.getMessage());
  }

  @Test
  void theSpecListCannotBeChangedAfterwards() {
    RunModels models = RunModels.resolve(List.of("tiny-gpt2"), 0, 8);
    assertThrows(UnsupportedOperationException.class, () -> models.specs().clear());
    assertSame(models.specs(), models.specs());
  }
}
