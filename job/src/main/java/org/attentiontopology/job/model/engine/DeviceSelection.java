package org.attentiontopology.job.model.engine;

import ai.djl.Device;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.attentiontopology.job.config.InferenceSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the device a Spark task runs its model on, from the {@code inference.device} setting and
 * the resources Spark assigned to the task.
 *
 * <p>With GPU scheduling ({@code spark.executor.resource.gpu.amount}, {@code
 * spark.task.resource.gpu.amount}) Spark gives each task the addresses of the GPUs it may use; a
 * task must run on those, or every task of a multi-GPU executor lands on GPU 0. The settings:
 *
 * <ul>
 *   <li>{@code cpu}: always the CPU, whatever Spark assigned;
 *   <li>{@code gpu}: the first GPU address Spark assigned to the task; without GPU scheduling
 *       (local mode, no resource settings) GPU 0. Needs the ONNX Runtime GPU build ({@code mvn
 *       -Pgpu}) and CUDA on the node;
 *   <li>{@code auto}: the assigned GPU when Spark assigned one and ONNX Runtime is the GPU build,
 *       else the CPU. Safe on any cluster.
 * </ul>
 *
 * <p>Addresses are Spark's strings (the discovery script prints CUDA indices, "0", "1", ...); they
 * must be non-negative integers because DJL names GPUs by index.
 */
public final class DeviceSelection {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceSelection.class);

  /** Spark's name of the GPU resource. */
  public static final String GPU_RESOURCE = "gpu";

  private DeviceSelection() {}

  /**
   * The device for a task.
   *
   * @param setting the {@code inference.device} setting
   * @param resources the task's resources: resource name to its assigned addresses (empty when
   *     none)
   * @param cudaBuild whether the ONNX Runtime on the class path can run on CUDA (the GPU build)
   * @throws IllegalArgumentException for a GPU address that is not an index, or "gpu" without the
   *     GPU build
   */
  public static Device select(
      InferenceSettings.Device setting, Map<String, List<String>> resources, boolean cudaBuild) {
    if (setting == InferenceSettings.Device.CPU) {
      return Device.cpu();
    }
    List<String> gpus = resources.getOrDefault(GPU_RESOURCE, List.of());
    if (setting == InferenceSettings.Device.AUTO) {
      // A GPU assigned to a CPU-only build cannot be used; the CPU still gives the same tables.
      return gpus.isEmpty() || !cudaBuild ? Device.cpu() : Device.gpu(gpuIndex(gpus.get(0)));
    }
    if (!cudaBuild) {
      throw new IllegalArgumentException(
          "inference.device = gpu, but the ONNX Runtime on the class path is"
              + " the CPU build: build with `mvn -Pgpu` (onnxruntime_gpu) and ship that target/lib, or set"
              + " inference.device = auto");
    }
    return Device.gpu(gpus.isEmpty() ? 0 : gpuIndex(gpus.get(0)));
  }

  /**
   * The device for the task running on this thread; on the driver (no task) as if no resources were
   * assigned.
   */
  public static Device forCurrentTask(InferenceSettings.Device setting) {
    TaskContext task = TaskContext.get();
    Map<String, List<String>> resources = resourcesOf(task);
    // cpu needs no answer from ONNX Runtime, so its natives are not loaded just to ask.
    Boolean cuda = setting == InferenceSettings.Device.CPU ? null : cudaBuild();
    Device device = cuda == null ? Device.cpu() : select(setting, resources, cuda);
    if (task != null) {
      LOG.info(
          "task {} (partition {}): inference.device = {}, GPUs assigned by Spark {}, ONNX Runtime CUDA"
              + " build {}: running on {}",
          task.taskAttemptId(),
          task.partitionId(),
          setting.value(),
          resources.getOrDefault(GPU_RESOURCE, List.of()),
          cuda == null ? "not asked" : cuda,
          device);
    }
    return device;
  }

  /** Whether the ONNX Runtime build on the class path has the CUDA execution provider. */
  static boolean cudaBuild() {
    return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
  }

  /** The task's resources as plain addresses; empty for no task or no resources. */
  static Map<String, List<String>> resourcesOf(TaskContext task) {
    Map<String, List<String>> out = new TreeMap<>();
    if (task == null) {
      return out;
    }
    for (Map.Entry<String, ResourceInformation> e : task.resourcesJMap().entrySet()) {
      out.put(e.getKey(), Arrays.asList(e.getValue().addresses()));
    }
    return out;
  }

  private static int gpuIndex(String address) {
    try {
      int index = Integer.parseInt(address.trim());
      if (index >= 0) {
        return index;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "Spark assigned GPU address '"
            + address
            + "', which is not a CUDA"
            + " device index (0, 1, ...): make the GPU discovery script (spark.executor.resource.gpu"
            + ".discoveryScript, e.g. scripts/gpu-discovery.sh) print indices");
  }
}
