package org.attentiontopology.job.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.nio.file.Path;
import org.attentiontopology.job.model.spec.ModelSpec;
import org.attentiontopology.job.model.spec.ModelSpecs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model cache keys models by device, and the device reaches ONNX Runtime. */
class ModelCacheDeviceTest {
  @TempDir static Path work;

  @AfterAll
  static void close() {
    ModelCache.closeAll();
  }

  @Test
  void oneModelPerDeviceAndTheCpuIsTheDefault() {
    ModelSpec spec = ModelSpecs.load("all-minilm-l6-v2");
    AttentionModel cpu = ModelCache.get(spec, work, Device.cpu());
    assertSame(cpu, ModelCache.get(spec, work));
    assertSame(cpu, ModelCache.get(spec, work, Device.cpu()));
    // The CPU build of ONNX Runtime has no CUDA provider: asking for a GPU must fail at load, which
    // shows that
    // the device is passed on to ONNX Runtime rather than dropped; the failure is not cached, the
    // CPU model stays.
    ModelLoadException e =
        assertThrows(ModelLoadException.class, () -> ModelCache.get(spec, work, Device.gpu(1)));
    assertTrue(e.getMessage().contains(spec.name()), e.getMessage());
    StringBuilder causes = new StringBuilder();
    for (Throwable c = e; c != null; c = c.getCause()) {
      causes.append(c).append('\n');
    }
    assertTrue(causes.toString().contains("CUDA"), causes.toString());
    assertSame(cpu, ModelCache.get(spec, work));
    assertEquals(1, cpu.attend(java.util.List.of("a short text")).size());
  }
}
