package org.attentiontopology.job.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster files: the example spark-defaults carry every JVM flag of conf/jvm.options to the
 * driver and the executors, the GPU file asks for GPUs per executor and task, and the GPU discovery
 * script prints Spark's JSON.
 */
class ClusterFilesTest {
  static final Path ROOT =
      Path.of(
          System.getProperty(
              "maven.multiModuleProjectDirectory",
              Path.of("").toAbsolutePath().getParent().toString()));
  static final Path CLUSTER = ROOT.resolve("conf/cluster");

  static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(CLUSTER.resolve(name), StandardCharsets.UTF_8)) {
      p.load(r); // as spark-submit reads a properties file
    }
    return p;
  }

  static List<String> jvmFlags() throws IOException {
    List<String> flags = new ArrayList<>();
    for (String line : Files.readAllLines(ROOT.resolve("conf/jvm.options"))) {
      String t = line.trim();
      if (!t.isEmpty() && !t.startsWith("#")) {
        flags.add(t);
      }
    }
    return flags;
  }

  @Test
  void everyClusterFileCarriesTheJvmFlagsToDriverAndExecutors() throws IOException {
    List<String> flags = jvmFlags();
    assertTrue(
        flags.contains("-Dai.djl.offline=true")
            && flags.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"),
        flags.toString());
    for (String file :
        List.of(
            "spark-defaults.standalone.conf",
            "spark-defaults.yarn.conf",
            "spark-defaults.kubernetes.conf")) {
      Properties p = load(file);
      for (String key :
          List.of("spark.driver.extraJavaOptions", "spark.executor.extraJavaOptions")) {
        String value = p.getProperty(key);
        assertTrue(value != null, file + " sets " + key);
        assertEquals(
            flags,
            Arrays.asList(value.trim().split("\\s+")),
            file + " " + key + " = conf/jvm.options");
      }
      assertTrue(
          p.getProperty("spark.executorEnv.DJL_CACHE_DIR", "").length() > 0,
          file + " sets DJL_CACHE_DIR");
      assertTrue(p.getProperty("spark.master", "").length() > 0, file + " names a master");
    }
    assertEquals("yarn", load("spark-defaults.yarn.conf").getProperty("spark.master"));
    assertTrue(
        load("spark-defaults.kubernetes.conf").getProperty("spark.master").startsWith("k8s://"));
  }

  @Test
  void gpuFileGivesEachTaskAShareOfItsExecutorsGpu() throws IOException {
    Properties p = load("spark-defaults.gpu.conf");
    double executorGpus = Double.parseDouble(p.getProperty("spark.executor.resource.gpu.amount"));
    double taskGpus = Double.parseDouble(p.getProperty("spark.task.resource.gpu.amount"));
    int cores = Integer.parseInt(p.getProperty("spark.executor.cores"));
    assertTrue(executorGpus >= 1 && taskGpus > 0 && taskGpus <= 1, executorGpus + " / " + taskGpus);
    // Spark requires the GPU share to let as many tasks run as the cores do, or cores sit idle.
    assertEquals(
        cores, (int) Math.round(executorGpus / taskGpus), "tasks per executor by GPU = by cores");
    assertTrue(
        p.getProperty("spark.executor.resource.gpu.discoveryScript")
            .endsWith("scripts/gpu-discovery.sh"));
  }

  static String discover(Map<String, String> env) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", ROOT.resolve("scripts/gpu-discovery.sh").toString());
    pb.environment().putAll(env);
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  static Path fakeNvidiaSmi(Path dir, String body) throws IOException {
    Path smi = dir.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\n" + body + "\n");
    assertTrue(smi.toFile().setExecutable(true));
    return smi;
  }

  @Test
  void discoveryScriptListsTheGpuIndices(@TempDir Path dir) throws Exception {
    Path smi =
        fakeNvidiaSmi(dir, "[ \"$1\" = --query-gpu=index ] || exit 3\nprintf '0\\n1\\n 3\\n'");
    assertEquals(
        "{\"name\": \"gpu\", \"addresses\": [\"0\", \"1\", \"3\"]}",
        discover(Map.of("NVIDIA_SMI", smi.toString())));
  }

  @Test
  void discoveryScriptReportsNoGpusWithoutAWorkingNvidiaSmi(@TempDir Path dir) throws Exception {
    String none = "{\"name\": \"gpu\", \"addresses\": []}";
    assertEquals(none, discover(Map.of("NVIDIA_SMI", dir.resolve("absent").toString())));
    assertEquals(
        none,
        discover(
            Map.of(
                "NVIDIA_SMI",
                fakeNvidiaSmi(dir, "echo 'NVIDIA-SMI has failed'; exit 9").toString())));
    Path noIndices = dir.resolve("other");
    Files.createDirectories(noIndices);
    assertEquals(
        none,
        discover(
            Map.of(
                "NVIDIA_SMI",
                fakeNvidiaSmi(noIndices, "echo 'No devices were found'").toString())));
  }
}
