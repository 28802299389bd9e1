package org.attentiontopology.job.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.attentiontopology.job.config.InferenceSettings;
import org.junit.jupiter.api.Test;

/**
 * The device choice from the setting, the task's resources and the ONNX Runtime build, without a
 * GPU.
 */
class DeviceSelectionTest {
  static final InferenceSettings.Device CPU = InferenceSettings.Device.CPU;
  static final InferenceSettings.Device GPU = InferenceSettings.Device.GPU;
  static final InferenceSettings.Device AUTO = InferenceSettings.Device.AUTO;
  static final Map<String, List<String>> NONE = Map.of();
  static final Map<String, List<String>> GPU_2 = Map.of("gpu", List.of("2"));

  @Test
  void cpuIgnoresAssignedGpus() {
    assertEquals(Device.cpu(), DeviceSelection.select(CPU, GPU_2, true));
    assertEquals(Device.cpu(), DeviceSelection.select(CPU, NONE, false));
  }

  @Test
  void autoTakesTheAssignedGpuOnlyWithTheGpuBuild() {
    assertEquals(Device.gpu(2), DeviceSelection.select(AUTO, GPU_2, true));
    assertEquals(Device.cpu(), DeviceSelection.select(AUTO, GPU_2, false));
    assertEquals(Device.cpu(), DeviceSelection.select(AUTO, NONE, true));
    assertEquals(Device.cpu(), DeviceSelection.select(AUTO, Map.of("gpu", List.of()), true));
  }

  @Test
  void gpuTakesTheFirstAssignedAddressElseGpuZero() {
    assertEquals(
        Device.gpu(3), DeviceSelection.select(GPU, Map.of("gpu", List.of("3", "1")), true));
    assertEquals(Device.gpu(0), DeviceSelection.select(GPU, NONE, true));
    // Other resources (FPGAs, ...) say nothing about GPUs.
    assertEquals(Device.gpu(0), DeviceSelection.select(GPU, Map.of("fpga", List.of("5")), true));
  }

  @Test
  void gpuWithoutTheGpuBuildSaysHowToGetIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> DeviceSelection.select(GPU, GPU_2, false));
    assertTrue(e.getMessage().contains("-Pgpu"), e.getMessage());
  }

  @Test
  void gpuAddressesMustBeIndices() {
    for (String bad : List.of("GPU-8d4e", "-1", "")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> DeviceSelection.select(AUTO, Map.of("gpu", List.of(bad)), true),
              bad);
      assertTrue(e.getMessage().contains("discovery"), e.getMessage());
    }
  }

  @Test
  void driverHasNoTaskResources() {
    assertTrue(DeviceSelection.resourcesOf(null).isEmpty());
    // This build (the default one) is ONNX Runtime's CPU build: auto falls back to the CPU on the
    // driver.
    assertFalse(DeviceSelection.cudaBuild());
    assertEquals(Device.cpu(), DeviceSelection.forCurrentTask(AUTO));
    assertEquals(Device.cpu(), DeviceSelection.forCurrentTask(CPU));
  }
}
